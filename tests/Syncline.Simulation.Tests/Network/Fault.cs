namespace Syncline.Simulation.Tests.Network;

/// <summary>What the <see cref="FaultProxy"/> does with one request.</summary>
public enum Fault
{
    /// <summary>Forwarded, and the response relayed unchanged.</summary>
    Pass,

    /// <summary>Held back for a random time up to <see cref="FaultRates.MaxDelay"/>, then passed.</summary>
    Delay,

    /// <summary>Read whole but never forwarded; the client's connection is reset, so the server never sees it.</summary>
    DropRequest,

    /// <summary>Forwarded and answered by the server, but the client's connection is reset before a byte of the answer.</summary>
    DropResponse,

    /// <summary>Answered by the proxy with 503 in the server's error shape; the server never sees it.</summary>
    ServiceUnavailable,

    /// <summary>The client's connection is reset as soon as the request head arrives, before its body is read.</summary>
    Reset,
}
