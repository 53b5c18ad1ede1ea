namespace Rostro.MockServer.State;

/// <summary>The state one credential sees: its own user, projects, gallery, tags, follows, lore, characters and so on, seeded with the same fixtures.</summary>
/// <remarks>
/// Thread-safe by one lock per world: every read and write of its collections happens under <see cref="Gate"/>.
/// Deterministic: identifiers come from a generator seeded by the <c>seed</c> setting, and time from a logical
/// clock that starts at <see cref="Epoch"/> and advances one second per event, so the same requests give the same bodies.
/// Bounded: each collection holds at most <see cref="WorldLimits.MaxItemsPerCollection"/> items, and the text a caller
/// stores (lore items, config documents) at most <see cref="WorldLimits.MaxStoredBytes"/>.
/// </remarks>
public sealed partial class World
{
    /// <summary>The <see cref="Id"/> of the anonymous world.</summary>
    public const string AnonymousId = "anonymous";

    /// <summary>Where every world's logical clock starts.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly Random _random;
    private long _ticks;
    private long _nextProjectId = 172800;

    internal World(string id, int seed, WorldLimits limits)
    {
        Id = id;
        Limits = limits;
        _random = new Random(seed);
        Fixtures.Seed(this);
    }

    /// <summary>Serialises access to this world's state. Hold it briefly; never across an await.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The world's identifier: a keyed hash of its credential (<see cref="WorldStore.IdOf"/>; never the credential itself), or <c>anonymous</c>.</summary>
    public string Id { get; }

    /// <summary>True for the shared world of callers without credentials (public operations only).</summary>
    public bool IsAnonymous => Id == AnonymousId;

    /// <summary>The bounds this world enforces.</summary>
    public WorldLimits Limits { get; }

    /// <summary>True once the caller deleted the account: its credential is refused (401) until the world is reset.</summary>
    public bool Deleted { get; internal set; }

    internal long LastUsed;

    internal UserRecord Caller { get; set; } = null!;

    internal List<UserRecord> Users { get; } = [];

    internal List<ProjectRecord> Projects { get; } = [];

    internal List<GalleryImageRecord> Gallery { get; } = [];

    internal HashSet<FollowEdge> Follows { get; } = [];

    internal List<string> FollowedTags { get; } = [];

    internal List<TimelineEvent> Timeline { get; } = [];

    internal List<string> BlockedUsers { get; } = [];

    internal List<string> BlockedTags { get; } = [];

    internal List<string> Blacklist { get; } = [];

    internal string? DefaultSort { get; set; }

    internal int Credits { get; set; } = 500;

    internal List<ConfigRecord> Configs { get; } = [];

    internal List<LoreItemRecord> LoreItems { get; } = [];

    internal List<CharacterRecord> Characters { get; } = [];

    internal List<GenerationRecord> Generations { get; } = [];

    internal Dictionary<string, SceneRecord> Scenes { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, EngineFileRecord> EngineFiles { get; } = new(StringComparer.Ordinal);

    internal List<AssetRecord> Assets { get; } = [];

    /// <summary>Bytes of caller-supplied text held (lore items, config documents), UTF-16.</summary>
    internal long StoredBytes { get; private set; }

    /// <summary>Whether a collection of this size may take one more item.</summary>
    internal bool HasRoom(int count) => count < Limits.MaxItemsPerCollection;

    /// <summary>Whether <paramref name="bytes"/> more of stored text fit the world's budget.</summary>
    internal bool CanStore(long bytes) => StoredBytes + bytes <= Limits.MaxStoredBytes;

    /// <summary>Accounts for text added (positive) or removed (negative).</summary>
    internal void Stored(long bytes) => StoredBytes = Math.Max(0, StoredBytes + bytes);

    /// <summary>What a string costs in the budget.</summary>
    internal static long SizeOf(string? text) => (text?.Length ?? 0) * 2L;

    /// <summary>A new version-4 UUID drawn from the world's seeded generator.</summary>
    internal string NewUuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }

    /// <summary>A number from the seeded generator in [0, max).</summary>
    internal int NextInt(int max) => _random.Next(max);

    /// <summary>The logical clock: each call is one second after the previous.</summary>
    internal DateTimeOffset Now() => Epoch.AddSeconds(++_ticks);

    internal long NewProjectId() => _nextProjectId++;

    /// <summary>The user a path's username names: <c>You</c> (any case) is the caller, others by name (any case).</summary>
    internal UserRecord? FindUser(string username) =>
        string.Equals(username, "You", StringComparison.OrdinalIgnoreCase)
            ? Caller
            : Users.FirstOrDefault(u => string.Equals(u.Username, username, StringComparison.OrdinalIgnoreCase));

    internal UserRecord? UserById(long id) => Users.FirstOrDefault(u => u.Id == id);

    internal ProjectRecord? FindProject(long id) => Projects.FirstOrDefault(p => p.Id == id);
}

/// <summary>How big a world and the set of worlds may grow.</summary>
/// <param name="MaxItemsPerCollection">Most items any one collection of a world holds; adding beyond answers 403 (<c>code</c> 1303).</param>
/// <param name="MaxStoredBytes">Most bytes of caller-supplied text (lore items, config documents) one world holds; beyond answers 403 (<c>code</c> 1303).</param>
public sealed record WorldLimits(int MaxItemsPerCollection = 1000, long MaxStoredBytes = 4 * 1024 * 1024);
