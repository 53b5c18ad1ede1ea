namespace Rostro.Client;

/// <summary>Which of the spec's three security schemes carries the credential.</summary>
public enum RostroCredentialKind
{
    /// <summary>No credential: only the public operations (<c>security: []</c>) succeed.</summary>
    None,

    /// <summary><c>Authorization: Bearer &lt;token&gt;</c> (<c>BearerAuth</c>).</summary>
    Bearer,

    /// <summary><c>CH-API-KEY: &lt;key&gt;</c> (<c>ApiKeyAuth</c>).</summary>
    ApiKey,

    /// <summary><c>samwise: &lt;token&gt;</c> (<c>SamwiseAuth</c>).</summary>
    Samwise,
}
