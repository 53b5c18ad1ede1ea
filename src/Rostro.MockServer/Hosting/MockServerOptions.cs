using Rostro.MockServer.Settings;

namespace Rostro.MockServer;

/// <summary>How to start a mock server (the command line maps onto these).</summary>
public sealed record MockServerOptions
{
    /// <summary>Address to listen on; loopback by default so nothing outside the machine reaches the mock.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port; 0 picks a free one (what tests want). The command line defaults to 4010, Prism's port.</summary>
    public int Port { get; init; }

    /// <summary>Addresses to listen on instead of <see cref="Host"/> and <see cref="Port"/> (the command line's <c>--urls</c> / <c>ASPNETCORE_URLS</c>).</summary>
    public IReadOnlyList<ListenAddress>? Urls { get; init; }

    /// <summary>Initial settings (timing, seed, body limits).</summary>
    public MockSettings Settings { get; init; } = new();

    /// <summary>When set, the admin API requires this token from every caller and is reachable from anywhere; when null, loopback only.</summary>
    public string? AdminToken { get; init; }

    /// <summary>Browser origins allowed to call the API (and, with an admin token, the admin API), with credentials; null or empty: any origin, as <c>*</c>, without credentials.</summary>
    public IReadOnlyList<string>? CorsOrigins { get; init; }

    /// <summary>Most worlds (credentials) held at once; the least recently used is forgotten beyond it.</summary>
    public int MaxWorlds { get; init; } = 256;

    /// <summary>Most items in any one collection of a world (gallery, lore items, characters, ...).</summary>
    public int MaxItemsPerCollection { get; init; } = 1000;

    /// <summary>Most bytes of caller-supplied text (lore items, config documents) one world holds.</summary>
    public long MaxStoredBytesPerWorld { get; init; } = 4 * 1024 * 1024;

    /// <summary>A folder of WireMock.Net mapping files (<c>*.json</c>) loaded as your own stubs at start (the command line's <c>--mappings</c>); see <c>POST /__admin/mappings</c>.</summary>
    public string? StubMappingsDirectory { get; init; }

    /// <summary><c>/mcp</c> keeps no sessions (the SDK's stateless form: no <c>Mcp-Session-Id</c>, no server-to-client requests); by default initialize-handshake clients get sessions.</summary>
    public bool McpStateless { get; init; }

    /// <summary>Requests kept by the journal.</summary>
    public int JournalCapacity { get; init; } = 1000;

    /// <summary>Validate every JSON response against the spec and keep mismatches in <see cref="RostroMock.Audit"/> (tests turn this on).</summary>
    public bool AuditResponses { get; init; }

    /// <summary>Least severe log level written to the console.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;

    /// <summary>Tests: a logger that sees every entry besides the console.</summary>
    internal ILoggerProvider? LoggerProvider { get; init; }

    /// <summary>Tests: Kestrel's minimum request body data rate (default 240 bytes/s after a 5 s grace).</summary>
    internal Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate? MinRequestBodyDataRate { get; init; }
}
