using Rostro.Spec;
using WireMock.Server;

namespace Rostro.WireMock;

/// <summary>The Rostro API on a WireMock.Net server of your own: <c>WireMockServer.Start().WithRostroApi()</c>, then add per-test stubs with its fluent API.</summary>
/// <remarks>
/// Every generated stub has a priority above <see cref="RostroStubs.LowestUserPriority"/>, so a stub added with WireMock.Net's
/// default priority (0), or any up to 99, wins over the generated one for the requests it matches; everything else keeps the
/// spec's answers.
/// </remarks>
public static class RostroWireMockServerExtensions
{
    /// <summary>Adds the stubs of the spec compiled into Rostro.Spec (<c>openapi/rostro.yaml</c>).</summary>
    public static TServer WithRostroApi<TServer>(this TServer server) where TServer : IWireMockServer
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.WithRostroStubs(RostroStubs.Embedded);
    }

    /// <summary>Adds the stubs of another spec (a newer draft of <c>rostro.yaml</c>, say).</summary>
    public static TServer WithRostroApi<TServer>(this TServer server, RostroSpec spec) where TServer : IWireMockServer
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(spec);
        return server.WithRostroStubs(RostroStubs.FromSpec(spec));
    }

    private static TServer WithRostroStubs<TServer>(this TServer server, IReadOnlyList<RostroStub> stubs) where TServer : IWireMockServer
    {
        server.WithMapping(WireMockNetMappings.From(stubs));
        return server;
    }
}
