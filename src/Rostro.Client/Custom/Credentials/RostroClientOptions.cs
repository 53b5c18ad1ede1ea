namespace Rostro.Client;

/// <summary>Where the client sends its requests and which credential it sends.</summary>
public sealed class RostroClientOptions
{
    /// <summary>The spec's first server, the Standard API; every path of the spec is relative to it.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.rostro.dev/");

    /// <summary>Base URL every operation path is appended to (a trailing slash is added when missing).</summary>
    public Uri BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Which header carries <see cref="Credential"/>.</summary>
    public RostroCredentialKind CredentialKind { get; set; } = RostroCredentialKind.Bearer;

    /// <summary>The token or API key. A secret: <see cref="ToString"/> never shows it, and logged headers are redacted.</summary>
    public string? Credential { get; set; }

    /// <summary><see cref="BaseUrl"/> with a trailing slash, so relative operation paths keep any base path.</summary>
    public Uri NormalizedBaseUrl =>
        BaseUrl.AbsoluteUri.EndsWith('/') ? BaseUrl : new Uri(BaseUrl.AbsoluteUri + "/");

    /// <summary>
    /// An <see cref="HttpClient"/> for the generated clients without dependency injection: base address set,
    /// credentials added by a <see cref="RostroCredentialsHandler"/> in front of <paramref name="innerHandler"/>.
    /// </summary>
    public HttpClient CreateHttpClient(HttpMessageHandler? innerHandler = null) =>
        new(new RostroCredentialsHandler(this) { InnerHandler = innerHandler ?? new SocketsHttpHandler() })
        {
            BaseAddress = NormalizedBaseUrl,
        };

    /// <inheritdoc />
    public override string ToString() =>
        $"{nameof(RostroClientOptions)} {{ {nameof(BaseUrl)} = {BaseUrl}, {nameof(CredentialKind)} = {CredentialKind}, " +
        $"{nameof(Credential)} = {(string.IsNullOrEmpty(Credential) ? "(none)" : "***")} }}";
}
