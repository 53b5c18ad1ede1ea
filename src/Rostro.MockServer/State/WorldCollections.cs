using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Rostro.MockServer.State;

/// <summary>A collection of a world's state. The only kind a world and its records hold: each write is admitted by the world's <see cref="WorldBudget"/>.</summary>
internal interface IWorldCollection
{
    /// <summary>What it holds, for the 403's message (<c>gallery images</c>, <c>tips per scene</c>).</summary>
    string Name { get; }

    int Count { get; }

    /// <summary>Its own cap below the world's, if any (<c>tags per project</c>: 100).</summary>
    int? MaxItems { get; }

    /// <summary>Bytes of text its items hold themselves (collections inside them count their own).</summary>
    long OwnBytes { get; }

    /// <summary>The collections held by its items (a project's tags and ratings, a scene's tips).</summary>
    IEnumerable<IWorldCollection> Nested { get; }

    /// <summary>Whether it belongs to a world (else it is part of a record not stored yet, and its writes are admitted when the record is).</summary>
    bool Attached { get; }

    void Attach(WorldBudget budget);

    void Detach();
}

/// <summary>What every world collection shares: admission, accounting, and attaching the collections inside its items.</summary>
internal abstract class WorldCollection<T>(string name, int? maxItems) : IWorldCollection, IEnumerable<T>
{
    private WorldBudget? _budget;

    public string Name { get; } = name;

    public int? MaxItems { get; } = maxItems;

    public long OwnBytes { get; private set; }

    public abstract int Count { get; }

    public bool Attached => _budget is not null;

    public IEnumerable<IWorldCollection> Nested => this.SelectMany(NestedOf);

    /// <summary>Text bytes of this collection and everything inside it.</summary>
    public long DeepBytes => OwnBytes + Nested.Sum(DeepBytesOf);

    public void Attach(WorldBudget budget)
    {
        _budget = budget;
        budget.Charge(OwnBytes);
        foreach (var nested in Nested)
        {
            nested.Attach(budget);
        }
    }

    public void Detach()
    {
        foreach (var nested in Nested)
        {
            nested.Detach();
        }

        _budget?.Charge(-OwnBytes);
        _budget = null;
    }

    public abstract IEnumerator<T> GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    protected virtual long OwnBytesOf(T item) => StoredSize.Of(item);

    protected virtual IEnumerable<IWorldCollection> NestedOf(T item) => StoredSize.CollectionsOf(item);

    /// <summary>Before <paramref name="added"/> enters (replacing <paramref name="removed"/>, if any): refuses it when the collection, a collection inside it, or the world's text would go past its bound.</summary>
    protected void Admit(T added, int countAfter, T? removed = default, bool replacing = false)
    {
        if (_budget is null || _budget.Seeding)
        {
            return;
        }

        foreach (var nested in NestedOf(added))
        {
            CheckCaps(nested, _budget);
        }

        var bytes = OwnBytesOf(added) + NestedOf(added).Where(n => !n.Attached).Sum(DeepBytesOf);
        if (replacing)
        {
            bytes -= OwnBytesOf(removed!) + NestedOf(removed!).Where(n => !NestedOf(added).Contains(n)).Sum(DeepBytesOf);
        }

        _budget.Admit(this, countAfter, bytes);
    }

    /// <summary>An item entered: account for its text and attach the collections inside it.</summary>
    protected void Enter(T item)
    {
        var bytes = OwnBytesOf(item);
        OwnBytes += bytes;
        if (_budget is null)
        {
            return;
        }

        _budget.Charge(bytes);
        foreach (var nested in NestedOf(item).Where(n => !n.Attached))
        {
            nested.Attach(_budget);
        }
    }

    /// <summary>An item left: release its text and detach the collections inside it.</summary>
    protected void Leave(T item)
    {
        var bytes = OwnBytesOf(item);
        OwnBytes -= bytes;
        if (_budget is null)
        {
            return;
        }

        _budget.Charge(-bytes);
        foreach (var nested in NestedOf(item))
        {
            nested.Detach();
        }
    }

    /// <summary>How to take the write back if the change is refused later; nothing to remember for a record not stored yet.</summary>
    protected void OnUndo(Action undo) => _budget?.OnUndo(undo);

    private static long DeepBytesOf(IWorldCollection collection) => collection.OwnBytes + collection.Nested.Sum(DeepBytesOf);

    private static void CheckCaps(IWorldCollection collection, WorldBudget budget)
    {
        var cap = budget.CapOf(collection);
        if (collection.Count > cap)
        {
            throw new WorldFullException(collection.Name, cap);
        }

        foreach (var nested in collection.Nested)
        {
            CheckCaps(nested, budget);
        }
    }
}

/// <summary>An ordered collection of a world (a <see cref="List{T}"/> whose writes are admitted). Items are found by reference, or by value for strings and value types.</summary>
internal sealed class WorldList<T>(string name, int? maxItems = null) : WorldCollection<T>(name, maxItems), IReadOnlyList<T>
    where T : notnull
{
    private static readonly bool s_byValue = typeof(T).IsValueType || typeof(T) == typeof(string);
    private readonly List<T> _items = [];

    public override int Count => _items.Count;

    public T this[int index] => _items[index];

    public override IEnumerator<T> GetEnumerator() => _items.GetEnumerator();

    public void Add(T item) => Insert(_items.Count, item);

    public void Insert(int index, T item)
    {
        Admit(item, _items.Count + 1);
        _items.Insert(index, item);
        Enter(item);
        OnUndo(() =>
        {
            _items.RemoveAt(index);
            Leave(item);
        });
    }

    public bool Remove(T item)
    {
        var index = IndexOf(item);
        if (index < 0)
        {
            return false;
        }

        RemoveAt(index);
        return true;
    }

    public void RemoveAt(int index)
    {
        var item = _items[index];
        _items.RemoveAt(index);
        Leave(item);
        OnUndo(() =>
        {
            _items.Insert(index, item);
            Enter(item);
        });
    }

    public int RemoveAll(Predicate<T> match)
    {
        var removed = 0;
        for (var i = _items.Count - 1; i >= 0; i--)
        {
            if (match(_items[i]))
            {
                RemoveAt(i);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Puts <paramref name="replacement"/> where <paramref name="item"/> was: how a record's text changes (records hold their text init-only, so no write escapes the accounting).</summary>
    public void Replace(T item, T replacement)
    {
        var index = IndexOf(item);
        if (index < 0)
        {
            throw new InvalidOperationException($"{Name}: the item to replace is not in the collection.");
        }

        Admit(replacement, _items.Count, item, replacing: true);
        Leave(item);
        _items[index] = replacement;
        Enter(replacement);
        OnUndo(() =>
        {
            Leave(replacement);
            _items[index] = item;
            Enter(item);
        });
    }

    public int FindIndex(Predicate<T> match) => _items.FindIndex(match);

    private int IndexOf(T item)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (s_byValue ? EqualityComparer<T>.Default.Equals(_items[i], item) : ReferenceEquals(_items[i], item))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>A set of a world (a <see cref="HashSet{T}"/> whose writes are admitted).</summary>
internal sealed class WorldSet<T>(string name, IEqualityComparer<T>? comparer = null, int? maxItems = null) : WorldCollection<T>(name, maxItems), IReadOnlyCollection<T>
    where T : notnull
{
    private readonly HashSet<T> _items = new(comparer);

    public override int Count => _items.Count;

    public override IEnumerator<T> GetEnumerator() => _items.GetEnumerator();

    public bool Contains(T item) => _items.Contains(item);

    /// <summary>Adds the item; false (and nothing admitted) when it is there already.</summary>
    public bool Add(T item)
    {
        if (_items.Contains(item))
        {
            return false;
        }

        Admit(item, _items.Count + 1);
        _items.Add(item);
        Enter(item);
        OnUndo(() =>
        {
            _items.Remove(item);
            Leave(item);
        });
        return true;
    }

    public bool Remove(T item)
    {
        if (!_items.TryGetValue(item, out var stored))
        {
            return false;
        }

        _items.Remove(stored);
        Leave(stored);
        OnUndo(() =>
        {
            _items.Add(stored);
            Enter(stored);
        });
        return true;
    }
}

/// <summary>A map of a world (a <see cref="Dictionary{TKey, TValue}"/> whose writes are admitted); keys count as stored text too.</summary>
internal sealed class WorldMap<TKey, TValue>(string name, IEqualityComparer<TKey>? comparer = null, int? maxItems = null)
    : WorldCollection<KeyValuePair<TKey, TValue>>(name, maxItems), IReadOnlyDictionary<TKey, TValue>
    where TKey : notnull
    where TValue : notnull
{
    private readonly Dictionary<TKey, TValue> _items = new(comparer);

    public override int Count => _items.Count;

    public IEnumerable<TKey> Keys => _items.Keys;

    public IEnumerable<TValue> Values => _items.Values;

    public TValue this[TKey key] => _items[key];

    public override IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() => _items.GetEnumerator();

    public bool ContainsKey(TKey key) => _items.ContainsKey(key);

    public bool TryGetValue(TKey key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TValue value) => _items.TryGetValue(key, out value);

    public void Add(TKey key, TValue value)
    {
        var entry = KeyValuePair.Create(key, value);
        Admit(entry, _items.Count + 1);
        _items.Add(key, value);
        Enter(entry);
        OnUndo(() =>
        {
            _items.Remove(key);
            Leave(entry);
        });
    }

    public bool Remove(TKey key)
    {
        if (!_items.Remove(key, out var value))
        {
            return false;
        }

        var entry = KeyValuePair.Create(key, value);
        Leave(entry);
        OnUndo(() =>
        {
            _items.Add(key, value);
            Enter(entry);
        });
        return true;
    }

    protected override long OwnBytesOf(KeyValuePair<TKey, TValue> item) => StoredSize.Of(item.Key) + StoredSize.Of(item.Value);

    protected override IEnumerable<IWorldCollection> NestedOf(KeyValuePair<TKey, TValue> item) => StoredSize.CollectionsOf(item.Value);
}

/// <summary>What an item costs in a world's text budget: the UTF-16 bytes of the strings and JSON documents it holds itself.</summary>
/// <remarks>
/// Read from the item's type by reflection (once per type), so a property added to a record is counted without anyone
/// remembering to. Records hold text init-only and collections only as <see cref="IWorldCollection"/>s (the bounds
/// sweep test checks both), so an item's size cannot change behind the budget's back.
/// </remarks>
internal static class StoredSize
{
    private static readonly ConcurrentDictionary<Type, Shape> s_shapes = new();

    public static long Of(object? item) => item switch
    {
        null => 0,
        string text => 2L * text.Length,
        JsonNode node => 2L * node.ToJsonString().Length,
        _ => ShapeOf(item.GetType()).Text.Sum(p => Of(p.GetValue(item))),
    };

    public static IEnumerable<IWorldCollection> CollectionsOf(object? item) => item switch
    {
        null or string or JsonNode => [],
        _ => ShapeOf(item.GetType()).Collections.Select(p => p.GetValue(item)).OfType<IWorldCollection>(),
    };

    private static Shape ShapeOf(Type type) => s_shapes.GetOrAdd(type, static t =>
    {
        if (t.IsPrimitive || t.IsEnum || t == typeof(DateTimeOffset) || t == typeof(decimal))
        {
            return new Shape([], []);
        }

        var properties = t.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToList();
        return new Shape(
            [.. properties.Where(p => p.PropertyType == typeof(string) || typeof(JsonNode).IsAssignableFrom(p.PropertyType))],
            [.. properties.Where(p => typeof(IWorldCollection).IsAssignableFrom(p.PropertyType))]);
    });

    private sealed record Shape(PropertyInfo[] Text, PropertyInfo[] Collections);
}
