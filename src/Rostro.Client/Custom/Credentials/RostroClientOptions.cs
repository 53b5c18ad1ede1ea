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
    /// <exception cref="InvalidOperationException">The options are not usable (see <see cref="Validate"/>).</exception>
    public HttpClient CreateHttpClient(HttpMessageHandler? innerHandler = null)
    {
        if (Validate() is { Count: > 0 } failures)
        {
            throw new InvalidOperationException(string.Join(" ", failures));
        }

        return new(new RostroCredentialsHandler(this) { InnerHandler = innerHandler ?? new SocketsHttpHandler() })
        {
            BaseAddress = NormalizedBaseUrl,
        };
    }

    /// <summary>
    /// What makes these options unusable, one sentence each; empty when they are fine. Checked before the first request
    /// (by <c>AddRostroClient</c> at start-up, by <see cref="CreateHttpClient"/>), so a missing token fails there, not as a 401.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (BaseUrl is null)
        {
            failures.Add($"{nameof(RostroClientOptions)}.{nameof(BaseUrl)} is not set: set it to the API's URL ({DefaultBaseUrl}) or the mock server's.");
        }
        else if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttps && BaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{nameof(RostroClientOptions)}.{nameof(BaseUrl)} must be an absolute http or https URL such as {DefaultBaseUrl}, not '{BaseUrl.OriginalString}'.");
        }

        if (!Enum.IsDefined(CredentialKind))
        {
            failures.Add($"{nameof(RostroClientOptions)}.{nameof(CredentialKind)} {(int)CredentialKind} is not one of {string.Join(", ", Enum.GetNames<RostroCredentialKind>())}.");
        }
        else if (CredentialKind != RostroCredentialKind.None && string.IsNullOrWhiteSpace(Credential))
        {
            failures.Add(
                $"{nameof(RostroClientOptions)}.{nameof(CredentialKind)} is {CredentialKind} but {nameof(Credential)} is empty: set {nameof(Credential)} " +
                $"(e.g. from ROSTRO_TOKEN), or set {nameof(CredentialKind)} to {nameof(RostroCredentialKind.None)} to call only the public operations.");
        }

        return failures;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{nameof(RostroClientOptions)} {{ {nameof(BaseUrl)} = {BaseUrl}, {nameof(CredentialKind)} = {CredentialKind}, " +
        $"{nameof(Credential)} = {(string.IsNullOrEmpty(Credential) ? "(none)" : "***")} }}";
}
