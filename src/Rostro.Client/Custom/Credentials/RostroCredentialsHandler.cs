using System.Net.Http.Headers;

namespace Rostro.Client;

/// <summary>Adds the configured credential to every request that does not already carry one.</summary>
/// <remarks>The credential is read when each request is sent, so rotating it in the options takes effect at once.</remarks>
public sealed class RostroCredentialsHandler : DelegatingHandler
{
    /// <summary>The header names a credential can travel in; logging must redact them.</summary>
    public static IReadOnlyList<string> CredentialHeaderNames { get; } = ["Authorization", ApiKeyHeader, SamwiseHeader];

    internal const string ApiKeyHeader = "CH-API-KEY";
    internal const string SamwiseHeader = "samwise";

    private readonly Func<RostroClientOptions> _options;

    /// <summary>A handler that sends the credential of <paramref name="options"/>.</summary>
    public RostroCredentialsHandler(RostroClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = () => options;
    }

    /// <summary>A handler that reads the current options (e.g. from <c>IOptionsMonitor</c>) on every request.</summary>
    public RostroCredentialsHandler(Func<RostroClientOptions> options) =>
        _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var options = _options();
        if (!string.IsNullOrEmpty(options.Credential) && !HasCredential(request))
        {
            switch (options.CredentialKind)
            {
                case RostroCredentialKind.Bearer:
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Credential);
                    break;
                case RostroCredentialKind.ApiKey:
                    request.Headers.TryAddWithoutValidation(ApiKeyHeader, options.Credential);
                    break;
                case RostroCredentialKind.Samwise:
                    request.Headers.TryAddWithoutValidation(SamwiseHeader, options.Credential);
                    break;
                case RostroCredentialKind.None:
                    break;
                default:
                    throw new InvalidOperationException($"Unknown credential kind {options.CredentialKind}.");
            }
        }

        return base.SendAsync(request, cancellationToken);
    }

    private static bool HasCredential(HttpRequestMessage request) =>
        request.Headers.Authorization is not null
        || request.Headers.Contains(ApiKeyHeader)
        || request.Headers.Contains(SamwiseHeader);
}
