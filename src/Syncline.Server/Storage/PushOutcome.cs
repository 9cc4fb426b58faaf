using Syncline.Protocol;

namespace Syncline.Server.Storage;

/// <summary>What became of a push. Only <see cref="Applied"/> commits.</summary>
internal abstract record PushOutcome : IWriteOutcome
{
    public virtual bool Commit => false;

    /// <summary>The batch and its side effects were applied; <see cref="Response"/> is the 200 body.</summary>
    public sealed record Applied(long Head, string Response) : PushOutcome
    {
        public override bool Commit => true;
    }

    /// <summary>A known <c>Idempotency-Key</c> with the same body: the first response, nothing applied.</summary>
    public sealed record Replayed(long Head, string Response) : PushOutcome;

    /// <summary>The client's <c>lastMutationAt</c> is not the head: 409.</summary>
    public sealed record Stale(long Head) : PushOutcome;

    /// <summary>An item was refused (404 or 422, with its index), or the key was reused with another body.</summary>
    public sealed record Refused(SyncErrorKind Kind, string Message, int? Index) : PushOutcome;
}
