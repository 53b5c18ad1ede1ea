using System.Diagnostics;
using Rostro.MockServer.Mimic;

// The usual home of AddXxx extensions, so the composition root calls services.AddMimic() without a using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what the mimic shares across requests: the token clock and the request-arrival stamp.</summary>
internal static class MimicServiceCollectionExtensions
{
    /// <summary>Adds the mimic's services; the handler itself is found like every <see cref="Rostro.MockServer.Operations.IOperationHandler"/>.</summary>
    public static IServiceCollection AddMimic(this IServiceCollection services)
    {
        services.AddSingleton<TokenClock>();
        services.AddSingleton<OpenStreams>();
        services.AddSingleton<Rostro.MockServer.Mimic.Load.LoadModel>();
        services.AddSingleton<IStartupFilter, RequestArrivalFilter>();
        return services;
    }

    // First in the pipeline, so time to first token counts from the request's arrival, not from the end of its validation.
    private sealed class RequestArrivalFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                http.Features.Set(new RequestArrival(Stopwatch.GetTimestamp()));
                return nextMiddleware(http);
            });
            next(app);
        };
    }
}
