using System.CodeDom.Compiler;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Rostro.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Rostro clients in the usual <c>IHttpClientFactory</c> style.</summary>
public static class RostroServiceCollectionExtensions
{
    /// <summary>Name of the <see cref="HttpClient"/> every Rostro client is created with.</summary>
    public const string HttpClientName = "Rostro";

    /// <summary>
    /// Registers every generated client interface (<see cref="ITagsClient"/>, <see cref="IMimicClient"/>, ...) over one named
    /// <see cref="HttpClient"/> whose base address and credential come from <see cref="RostroClientOptions"/>.
    /// </summary>
    /// <returns>The client's builder, to add resilience or other handlers.</returns>
    public static IHttpClientBuilder AddRostroClient(this IServiceCollection services, Action<RostroClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RostroClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        // Checked when the host starts (ValidateOnStart), and without a host when a client is first resolved:
        // either way before the first request, with every problem named, instead of a 401 later.
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RostroClientOptions>, RostroClientOptionsValidator>());

        services.TryAddTransient(sp =>
        {
            var monitor = sp.GetRequiredService<IOptionsMonitor<RostroClientOptions>>();
            return new RostroCredentialsHandler(() => monitor.CurrentValue);
        });

        var builder = services
            .AddHttpClient(HttpClientName, (sp, client) =>
                client.BaseAddress = sp.GetRequiredService<IOptionsMonitor<RostroClientOptions>>().CurrentValue.NormalizedBaseUrl)
            .AddHttpMessageHandler<RostroCredentialsHandler>()
            .RedactLoggedHeaders(RostroCredentialsHandler.CredentialHeaderNames);

        // Every client NSwag generated, found by reflection so a new tag in the spec is registered without a code change.
        foreach (var (contract, implementation) in GeneratedClients)
        {
            services.TryAddTransient(contract, sp => ActivatorUtilities.CreateInstance(
                sp, implementation, sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)));
        }

        return builder;
    }

    /// <summary>Each generated client class with its interface (<c>IXClient</c> → <c>XClient</c>).</summary>
    internal static IReadOnlyList<(Type Contract, Type Implementation)> GeneratedClients { get; } =
        typeof(RostroApiException).Assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.Name.EndsWith("Client", StringComparison.Ordinal)
                && t.GetCustomAttributes(typeof(GeneratedCodeAttribute), false).OfType<GeneratedCodeAttribute>().Any(a => a.Tool == "NSwag"))
            .Select(t => (Contract: t.GetInterface("I" + t.Name), Implementation: t))
            .Where(p => p.Contract is not null)
            .Select(p => (p.Contract!, p.Implementation))
            .OrderBy(p => p.Implementation.Name, StringComparer.Ordinal)
            .ToArray();
}

/// <summary>Options validation for <see cref="RostroClientOptions"/>: the failures of <see cref="RostroClientOptions.Validate"/>.</summary>
internal sealed class RostroClientOptionsValidator : IValidateOptions<RostroClientOptions>
{
    public ValidateOptionsResult Validate(string? name, RostroClientOptions options) =>
        options.Validate() is { Count: > 0 } failures ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
}
