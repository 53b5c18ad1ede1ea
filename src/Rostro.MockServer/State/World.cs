namespace Rostro.MockServer.State;

/// <summary>The state one credential sees: its own user, projects, gallery, tags, follows, lore, characters and so on, seeded with the same fixtures.</summary>
/// <remarks>
/// Thread-safe by one lock per world: every read and write of its collections happens in <see cref="Change{T}"/>, under
/// the world's lock. Deterministic: identifiers come from a generator seeded by the <c>seed</c> setting, and time from a
/// logical clock that starts at <see cref="Epoch"/> and advances one second per event, so the same requests give the same
/// bodies. Bounded by construction: every collection is a <see cref="WorldList{T}"/>, <see cref="WorldSet{T}"/> or
/// <see cref="WorldMap{TKey, TValue}"/> whose writes the world's <see cref="WorldBudget"/> admits — at most
/// <see cref="WorldLimits.MaxItemsPerCollection"/> items in each, at most <see cref="WorldLimits.MaxStoredBytes"/> of
/// text in all — and a refused change is undone whole.
/// </remarks>
internal sealed partial class World
{
    /// <summary>The <see cref="Id"/> of the anonymous world.</summary>
    public const string AnonymousId = "anonymous";

    /// <summary>Where every world's logical clock starts.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly Random _random;
    private long _ticks;

    internal World(string id, int seed, WorldLimits limits, string? credential = null)
    {
        Id = id;
        Credential = credential;
        Limits = limits;
        Budget = new WorldBudget(limits);
        _random = new Random(seed);
        foreach (var collection in Collections)
        {
            collection.Attach(Budget);
        }

        Budget.BeginSeeding();
        Fixtures.Seed(this);
        Budget.Commit();
    }

    // Reads share it, a change holds it alone: many callers reading one world (a frontend polling, a load test) never
    // queue behind each other. Held briefly, never across an await.
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);

    /// <summary>The world's identifier: a keyed hash of its credential (<see cref="WorldStore.IdOf"/>; never the credential itself), or <c>anonymous</c>.</summary>
    public string Id { get; }

    /// <summary>True for the shared world of callers without credentials (public operations only).</summary>
    public bool IsAnonymous => Id == AnonymousId;

    /// <summary>The bounds this world enforces.</summary>
    public WorldLimits Limits { get; }

    /// <summary>True once the caller deleted the account: its credential is refused (401) until the world is reset.</summary>
    public bool Deleted { get; private set; }

    /// <summary>Bytes of text the world holds (UTF-16: lore items, config documents, metadata, names, tips, fixtures included).</summary>
    public long StoredBytes => Budget.StoredBytes;

    /// <summary>The credential this world belongs to (null for the anonymous one); the store's key, never logged or shown.</summary>
    internal string? Credential { get; }

    /// <summary>Set (under the world's lock) when the store forgot the world (reset, evicted): a request still holding it must find the credential's current world instead.</summary>
    internal bool Retired { get; private set; }

    internal long LastUsed;

    internal WorldBudget Budget { get; }

    // Who the request being decided comes from: set for the length of one Read or Change (on the thread deciding it).
    [ThreadStatic]
    private static long? s_caller;

    /// <summary>The user the request comes from: the fixture caller (<c>You</c>), or the user a shared credential names (<see cref="Auth.SharedWorld"/>).</summary>
    internal UserRecord Caller => Users.First(u => u.Id == (s_caller ?? Fixtures.CallerId));

    internal WorldList<UserRecord> Users { get; } = new("users");

    internal WorldList<ProjectRecord> Projects { get; } = new("projects");

    internal WorldList<GalleryImageRecord> Gallery { get; } = new("gallery images");

    internal WorldSet<FollowEdge> Follows { get; } = new("follows");

    internal WorldList<string> FollowedTags { get; } = new("followed tags");

    internal WorldList<TimelineEvent> Timeline { get; } = new("timeline events");

    internal WorldList<string> BlockedUsers { get; } = new("blocked users");

    internal WorldList<string> BlockedTags { get; } = new("blocked tags");

    internal WorldList<string> Blacklist { get; } = new("blacklisted words");

    internal string? DefaultSort { get; private set; }

    internal int Credits { get; private set; } = 500;

    internal WorldList<ConfigRecord> Configs { get; } = new("config documents");

    internal WorldList<LoreItemRecord> LoreItems { get; } = new("lore items");

    internal WorldList<CharacterRecord> Characters { get; } = new("characters");

    internal WorldList<GenerationRecord> Generations { get; } = new("generations");

    internal WorldMap<string, SceneRecord> Scenes { get; } = new("scenes", StringComparer.Ordinal);

    internal WorldMap<string, EngineFileRecord> EngineFiles { get; } = new("engine files", StringComparer.Ordinal);

    internal WorldList<AssetRecord> Assets { get; } = new("assets");

    /// <summary>Every collection of the world (those inside its records hang off these: see <see cref="IWorldCollection.Nested"/>).</summary>
    internal IEnumerable<IWorldCollection> Collections =>
        [Users, Projects, Gallery, Follows, FollowedTags, Timeline, BlockedUsers, BlockedTags, Blacklist, Configs, LoreItems, Characters, Generations, Scenes, EngineFiles, Assets, Members];

    /// <summary>Decides one request's answer under the world's lock, as one change: the budget admits each write, and a refused one (or an exception) undoes them all.</summary>
    /// <returns>The decision; or, when the budget refused a write, the refusal (<see cref="ChangeOutcome{T}.Full"/>); or, when the world was retired, neither (<see cref="ChangeOutcome{T}.Retired"/>: decide again on the credential's current world).</returns>
    internal ChangeOutcome<T> Change<T>(Func<World, T> decide, string? caller = null)
    {
        _gate.EnterWriteLock();
        var previous = s_caller;
        try
        {
            if (Retired)
            {
                return ChangeOutcome<T>.RetiredWorld;
            }

            Budget.Begin();
            try
            {
                s_caller = CallerId(caller);
                var result = decide(this);
                Budget.Commit();
                return new ChangeOutcome<T>(result, null, false);
            }
            catch (WorldFullException full)
            {
                Budget.Rollback();
                return new ChangeOutcome<T>(default, full, false);
            }
            catch
            {
                Budget.Rollback();
                throw;
            }
        }
        finally
        {
            s_caller = previous;
            _gate.ExitWriteLock();
        }
    }

    /// <summary>Decides one request's answer that only reads the world, beside other reads: a write in it throws (no change is open).</summary>
    /// <returns>The decision; or, when the world was retired, none (<see cref="ChangeOutcome{T}.Retired"/>: decide again on the credential's current world).</returns>
    internal ChangeOutcome<T> Read<T>(Func<World, T> read, string? caller = null)
    {
        _gate.EnterReadLock();
        var previous = s_caller;
        try
        {
            if (Retired)
            {
                return ChangeOutcome<T>.RetiredWorld;
            }

            s_caller = CallerId(caller);
            return new ChangeOutcome<T>(read(this), null, false);
        }
        finally
        {
            s_caller = previous;
            _gate.ExitReadLock();
        }
    }

    /// <summary>Which user each shared credential's name joined as: the credential stays that user, renamed or not.</summary>
    internal WorldMap<string, long> Members { get; } = new("members of a shared world", StringComparer.OrdinalIgnoreCase);

    /// <summary>The user a shared credential names, joined on first use (inside <see cref="Change{T}"/>): a fixture user, or a new one of that name.</summary>
    internal long Join(string username)
    {
        if (Members.TryGetValue(username, out var member))
        {
            return member;
        }

        var id = string.Equals(username, "You", StringComparison.OrdinalIgnoreCase) ? Fixtures.CallerId
            : Users.FirstOrDefault(u => Named(u, username))?.Id ?? AddUser(username);
        Members.Add(username, id);
        return id;
    }

    private long AddUser(string username)
    {
        var user = new UserRecord { Id = Users.Max(u => u.Id) + 1, Username = username };
        Users.Add(user);
        return user.Id;
    }

    // null (the world's own credential) is the fixture caller; a shared credential's name is the member it joined as.
    private long? CallerId(string? caller) =>
        caller is null ? null : Members.TryGetValue(caller, out var id) ? id : throw new InvalidOperationException($"{caller} has not joined world {Id}.");

    private static bool Named(UserRecord user, string name) => string.Equals(user.Username, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Marks the world forgotten by its store; waits for a change in progress to end first.</summary>
    internal void Retire()
    {
        _gate.EnterWriteLock();
        try
        {
            Retired = true;
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    internal void SetDefaultSort(string? sort)
    {
        var before = DefaultSort;
        var growth = StoredSize.Of(sort) - StoredSize.Of(before);
        Budget.AdmitBytes(growth);
        DefaultSort = sort;
        Budget.Charge(growth);
        Budget.OnUndo(() =>
        {
            DefaultSort = before;
            Budget.Charge(-growth);
        });
    }

    internal void SpendCredit()
    {
        Budget.OnUndo(() => Credits++);
        Credits--;
    }

    internal void MarkDeleted()
    {
        Budget.OnUndo(() => Deleted = false);
        Deleted = true;
    }

    /// <summary>A deleted account's world re-created after the store forgot it: it must stay deleted (see <see cref="WorldStore"/>).</summary>
    internal void MarkDeletedAtCreation() => Deleted = true;

    /// <summary>A new version-4 UUID drawn from the world's seeded generator.</summary>
    internal string NewUuid()
    {
        Budget.RequireChange();
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }

    /// <summary>A number from the seeded generator in [0, max).</summary>
    internal int NextInt(int max)
    {
        Budget.RequireChange();
        return _random.Next(max);
    }

    /// <summary>The logical clock: each call is one second after the previous.</summary>
    internal DateTimeOffset Now()
    {
        Budget.RequireChange();
        return Epoch.AddSeconds(++_ticks);
    }

    /// <summary>The user a path's username names: <c>You</c> (any case) is the caller, others by name (any case).</summary>
    internal UserRecord? FindUser(string username) =>
        string.Equals(username, "You", StringComparison.OrdinalIgnoreCase)
            ? Caller
            : Users.FirstOrDefault(u => string.Equals(u.Username, username, StringComparison.OrdinalIgnoreCase));

    internal UserRecord? UserById(long id) => Users.FirstOrDefault(u => u.Id == id);

    /// <summary>Everything the world holds, as text: two equal snapshots mean nothing changed (tests compare before and after).</summary>
    internal string Snapshot() => Read(_ =>
    {
        var text = new System.Text.StringBuilder();
        foreach (var collection in Collections.SelectMany(Deep))
        {
            text.Append(collection.Name).Append(':');
            foreach (var item in (System.Collections.IEnumerable)collection)
            {
                text.Append(item).Append('|');
            }

            text.Append('\n');
        }

        return text.Append(DefaultSort).Append(Credits).Append(Deleted).Append(StoredBytes).ToString();
    }).Result!;

    private static IEnumerable<IWorldCollection> Deep(IWorldCollection collection) => collection.Nested.SelectMany(Deep).Prepend(collection);

    internal ProjectRecord? FindProject(long id) => Projects.FirstOrDefault(p => p.Id == id);
}

/// <summary>What <see cref="World.Change{T}"/> gave: the decision, the budget's refusal, or a retired world.</summary>
internal readonly record struct ChangeOutcome<T>(T? Result, WorldFullException? Full, bool Retired)
{
    public static readonly ChangeOutcome<T> RetiredWorld = new(default, null, true);
}

/// <summary>How big a world and the set of worlds may grow.</summary>
/// <param name="MaxItemsPerCollection">Most items any one collection of a world holds; adding beyond answers 403 (<c>code</c> 1303).</param>
/// <param name="MaxStoredBytes">Most bytes of text (UTF-16) one world holds, whatever holds it (lore items, config documents, metadata, names, tips; fixtures included); beyond answers 403 (<c>code</c> 1303).</param>
internal sealed record WorldLimits(int MaxItemsPerCollection = 1000, long MaxStoredBytes = 4 * 1024 * 1024);
