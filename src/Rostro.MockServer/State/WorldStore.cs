using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Rostro.MockServer.Settings;

namespace Rostro.MockServer.State;

/// <summary>One <see cref="World"/> per credential, created on first use, at most <see cref="MaxWorlds"/> of them (least recently used evicted).</summary>
/// <remarks>
/// A world the store forgets (reset, evicted) is retired under its own lock first: a request that still holds it sees
/// <see cref="World.Retired"/> in <see cref="World.Change{T}"/> and decides again on <see cref="Current"/>, so no
/// answered write lands in a world nobody will read. A deleted account's world, when evicted, leaves its id behind
/// (at most <see cref="MaxDeletedAccounts"/> of them), so the account stays deleted until a reset.
/// </remarks>
internal sealed class WorldStore
{
    /// <summary>Most deleted accounts remembered after their worlds were evicted (an id each; the oldest is forgotten beyond).</summary>
    public const int MaxDeletedAccounts = 65_536;

    private static readonly byte[] s_idKey = RandomNumberGenerator.GetBytes(32);

    private readonly ConcurrentDictionary<string, World> _byCredential = new(StringComparer.Ordinal);
    private readonly Lock _creating = new();
    private readonly MockSettingsStore _settings;
    private readonly WorldLimits _limits;
    private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);
    private readonly Queue<string> _deletedOrder = new();
    private World _anonymous;
    private long _clock;

    /// <summary>Creates the store with the anonymous world ready.</summary>
    public WorldStore(MockSettingsStore settings, WorldLimits limits, int maxWorlds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWorlds, 1);
        _settings = settings;
        _limits = limits;
        MaxWorlds = maxWorlds;
        _anonymous = new World(World.AnonymousId, settings.Current.Seed, limits);
    }

    /// <summary>Most worlds held at once.</summary>
    public int MaxWorlds { get; }

    /// <summary>How many credential worlds exist now.</summary>
    public int Count => _byCredential.Count;

    /// <summary>The shared world of callers without credentials.</summary>
    public World Anonymous => Volatile.Read(ref _anonymous);

    /// <summary>The world identifier of a credential (what the journal shows and <c>POST /__admin/reset?world=</c> takes).</summary>
    /// <remarks>An HMAC-SHA-256 prefix under a key drawn when the process starts: stable for the life of the process, but a
    /// bare hash would let anyone who reads the journal confirm a guessed weak token (<c>my-token</c>) offline.</remarks>
    public static string IdOf(string credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return Convert.ToHexStringLower(HMACSHA256.HashData(s_idKey, Encoding.UTF8.GetBytes(credential)))[..16];
    }

    /// <summary>The identifiers of the worlds now held.</summary>
    public IReadOnlyList<string> Ids => _byCredential.Values.Select(w => w.Id).Order(StringComparer.Ordinal).ToList();

    /// <summary>The credential's world, created (with fixtures) on first use; a shared credential's is its world's (<see cref="Auth.SharedWorld"/>).</summary>
    public World For(string credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (Auth.SharedWorld.TryParse(credential, out var shared, out _))
        {
            credential = shared;
        }

        if (_byCredential.TryGetValue(credential, out var world))
        {
            // A plain store is enough: eviction only needs a rough order. Should eviction pick this world before the
            // store lands, the request finds it retired and decides again on a new one (World.Change).
            world.LastUsed = Interlocked.Increment(ref _clock);
            return world;
        }

        lock (_creating)
        {
            if (_byCredential.TryGetValue(credential, out world))
            {
                world.LastUsed = Interlocked.Increment(ref _clock);
                return world;
            }

            while (_byCredential.Count >= MaxWorlds)
            {
                EvictLeastRecentlyUsed();
            }

            var id = IdOf(credential);
            world = new World(id, _settings.Current.Seed, _limits, credential);
            if (_deleted.Contains(id))
            {
                world.MarkDeletedAtCreation();
            }

            // Stamped before it is visible, so no concurrent creation can take a world just made for the least recently used.
            world.LastUsed = Interlocked.Increment(ref _clock);
            _byCredential[credential] = world;
            return world;
        }
    }

    /// <summary>The credential's world, and the user it names there (joined on first use); null for a credential that is its own user.</summary>
    /// <returns>With <c>Full</c> set when the world cannot take the new user (the credential is then refused).</returns>
    internal (World World, string? Caller, WorldFullException? Full) Enter(string credential)
    {
        while (true)
        {
            var world = For(credential);
            if (!Auth.SharedWorld.TryParse(credential, out _, out var username))
            {
                return (world, null, null);
            }

            // A member already (every request but its first): a read beside other reads, no write lock.
            if (world.Read(w => w.Members.TryGetValue(username, out _)) is { Retired: false, Result: true })
            {
                return (world, username, null);
            }

            var joined = Join(world, username);
            if (!joined.Retired)
            {
                return (world, username, joined.Full);
            }

            // Reset or evicted meanwhile: the next world, from fixtures.
            Thread.Yield();
        }
    }

    /// <summary>A shared credential's user joins its world (again, after a reset).</summary>
    internal static ChangeOutcome<long> Join(World world, string username) => world.Change(w => w.Join(username));

    /// <summary>The world a retired one's credential now has (created if need be).</summary>
    internal World Current(World world) => world.Credential is { } credential ? For(credential) : Anonymous;

    /// <summary>Forgets every world (they are re-created from fixtures on next use, with the current seed); deleted accounts come back.</summary>
    public void ResetAll()
    {
        lock (_creating)
        {
            foreach (var world in _byCredential.Values)
            {
                world.Retire();
            }

            // Creations wait on the lock, so nothing joined meanwhile.
            _byCredential.Clear();
            _deleted.Clear();
            _deletedOrder.Clear();
            ReplaceAnonymous();
        }
    }

    /// <summary>Forgets one world by its identifier (a deleted account's, even once evicted); false when no such world exists.</summary>
    public bool Reset(string worldId)
    {
        ArgumentNullException.ThrowIfNull(worldId);
        lock (_creating)
        {
            if (worldId == World.AnonymousId)
            {
                ReplaceAnonymous();
                return true;
            }

            var forgotten = _deleted.Remove(worldId);
            var key = _byCredential.FirstOrDefault(pair => pair.Value.Id == worldId).Key;
            if (key is not null && _byCredential.TryGetValue(key, out var world))
            {
                world.Retire();
                _byCredential.TryRemove(key, out _);
                return true;
            }

            return forgotten;
        }
    }

    private void ReplaceAnonymous()
    {
        var old = Volatile.Read(ref _anonymous);
        Volatile.Write(ref _anonymous, new World(World.AnonymousId, _settings.Current.Seed, _limits));
        old.Retire();
    }

    private void EvictLeastRecentlyUsed()
    {
        // Retired before it leaves the store: a change that starts in between must not land in a world nobody will read again.
        var (credential, world) = _byCredential.MinBy(pair => pair.Value.LastUsed);
        world.Retire();
        _byCredential.TryRemove(credential, out _);
        if (world.Deleted && _deleted.Add(world.Id))
        {
            _deletedOrder.Enqueue(world.Id);
            if (_deletedOrder.Count > MaxDeletedAccounts)
            {
                _deleted.Remove(_deletedOrder.Dequeue());
            }
        }
    }
}
