using System.Runtime.InteropServices;

namespace Syncline.Cli;

/// <summary>
/// Ctrl+C and SIGTERM cancel the running command's token, so it stops cleanly (a sync resumes next
/// time); a second Ctrl+C ends the process at once.
/// </summary>
internal sealed class Interrupts : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public Interrupts()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public CancellationToken Token => _cancel.Token;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _cancel.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (!_cancel.IsCancellationRequested)
        {
            context.Cancel = true;
            _cancel.Cancel();
        }
    }
}
