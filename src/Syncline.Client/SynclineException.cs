namespace Syncline.Client;

/// <summary>The base of every exception the Syncline client throws.</summary>
public class SynclineException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public SynclineException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public SynclineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public SynclineException()
    {
    }
}

/// <summary>A write was refused before it was stored: the data breaks a rule of the protocol. Nothing changed.</summary>
public sealed class SynclineValidationException : SynclineException
{
    /// <summary>Creates the exception with the rule that was broken.</summary>
    public SynclineValidationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public SynclineValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public SynclineValidationException()
    {
    }
}

/// <summary>A write named a record that does not exist on this device. Nothing changed.</summary>
public sealed class SynclineNotFoundException : SynclineException
{
    /// <summary>Creates the exception naming what was not found.</summary>
    public SynclineNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public SynclineNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public SynclineNotFoundException()
    {
    }
}

/// <summary>The server refused the token, even a fresh one from the token provider.</summary>
public sealed class SynclineAuthenticationException : SynclineException
{
    /// <summary>Creates the exception with the server's reason.</summary>
    public SynclineAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public SynclineAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public SynclineAuthenticationException()
    {
    }
}
