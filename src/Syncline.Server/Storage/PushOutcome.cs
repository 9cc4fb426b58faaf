using Syncline.Protocol;

namespace Syncline.Server.Storage;

/// <summary>What became of a push. Only <see cref="Applied"/> commits.</summary>
internal abstract record PushOutcome : IWriteOutcome
{
    public virtual bool Commit => false;

    /// <summary>The user's head after this outcome, where it has one (for the log).</summary>
    public virtual long? HeadAfter => null;

    /// <summary>The batch and its side effects were applied; <see cref="Response"/> is the 200 body.</summary>
    public sealed record Applied(long Head, string Response) : PushOutcome
    {
        public override bool Commit => true;

        public override long? HeadAfter => Head;
    }

    /// <summary>A known <c>Idempotency-Key</c> with the same body: the first response, nothing applied.</summary>
    public sealed record Replayed(long Head, string Response) : PushOutcome
    {
        public override long? HeadAfter => Head;
    }

    /// <summary>The client's <c>lastMutationAt</c> is not the head: 409.</summary>
    public sealed record Stale(long Head) : PushOutcome
    {
        public override long? HeadAfter => Head;
    }

    /// <summary>An item was refused (404 or 422, with its index), or the key was reused with another body.</summary>
    public sealed record Refused(SyncErrorKind Kind, string Message, int? Index) : PushOutcome;
}
