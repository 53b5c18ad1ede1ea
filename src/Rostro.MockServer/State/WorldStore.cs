using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Rostro.MockServer.Settings;

namespace Rostro.MockServer.State;

/// <summary>One <see cref="World"/> per credential, created on first use, at most <see cref="MaxWorlds"/> of them (least recently used evicted).</summary>
public sealed class WorldStore
{
    private readonly ConcurrentDictionary<string, World> _byCredential = new(StringComparer.Ordinal);
    private readonly Lock _creating = new();
    private readonly MockSettingsStore _settings;
    private readonly WorldLimits _limits;
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

    private static readonly byte[] s_idKey = RandomNumberGenerator.GetBytes(32);

    /// <summary>The identifiers of the worlds now held.</summary>
    public IReadOnlyList<string> Ids => _byCredential.Values.Select(w => w.Id).Order(StringComparer.Ordinal).ToList();

    /// <summary>The credential's world, created (with fixtures) on first use.</summary>
    public World For(string credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (!_byCredential.TryGetValue(credential, out var world))
        {
            lock (_creating)
            {
                if (!_byCredential.TryGetValue(credential, out world))
                {
                    while (_byCredential.Count >= MaxWorlds)
                    {
                        EvictLeastRecentlyUsed();
                    }

                    world = new World(IdOf(credential), _settings.Current.Seed, _limits);
                    _byCredential[credential] = world;
                }
            }
        }

        // A plain store is enough: eviction only needs a rough order, and this keeps the hot path lock-free.
        world.LastUsed = Interlocked.Increment(ref _clock);
        return world;
    }

    /// <summary>Forgets every world (they are re-created from fixtures on next use, with the current seed).</summary>
    public void ResetAll()
    {
        lock (_creating)
        {
            _byCredential.Clear();
            Volatile.Write(ref _anonymous, new World(World.AnonymousId, _settings.Current.Seed, _limits));
        }
    }

    /// <summary>Forgets one world by its identifier; false when no such world exists.</summary>
    public bool Reset(string worldId)
    {
        ArgumentNullException.ThrowIfNull(worldId);
        if (worldId == World.AnonymousId)
        {
            Volatile.Write(ref _anonymous, new World(World.AnonymousId, _settings.Current.Seed, _limits));
            return true;
        }

        lock (_creating)
        {
            var key = _byCredential.FirstOrDefault(pair => pair.Value.Id == worldId).Key;
            return key is not null && _byCredential.TryRemove(key, out _);
        }
    }

    private void EvictLeastRecentlyUsed()
    {
        var oldest = _byCredential.MinBy(pair => pair.Value.LastUsed);
        _byCredential.TryRemove(oldest.Key, out _);
    }
}
