using System.ComponentModel.DataAnnotations;

namespace Syncline.Server.Auth;

/// <summary>How tokens are checked: <c>Syncline:Auth</c>.</summary>
internal sealed class AuthOptions
{
    /// <summary><c>Local</c>: a key in the data directory, tokens from the <c>token</c> command. <c>OpenIdConnect</c>: an external authority.</summary>
    public AuthMode Mode { get; set; } = AuthMode.Local;

    /// <summary>The OpenID Connect authority (issuer URL) in <c>OpenIdConnect</c> mode.</summary>
    public string? Authority { get; set; }

    /// <summary>Whether the authority's metadata must come over HTTPS (OpenIdConnect mode). Turn off only for a local authority in development or tests.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The expected audience. Local mode default: <c>syncline</c>.</summary>
    [Required]
    public string Audience { get; set; } = "syncline";

    /// <summary>The issuer of local tokens.</summary>
    [Required]
    public string LocalIssuer { get; set; } = "syncline-local";
}

internal enum AuthMode
{
    Local,
    OpenIdConnect,
}
