namespace Rostro.MockServer.State;

/// <summary>The one place every write into a world goes through: it admits the write against the world's bounds and
/// records how to undo it, so that a refused or failed change leaves the world as it was.</summary>
/// <remarks>
/// Collections (<see cref="WorldList{T}"/>, <see cref="WorldSet{T}"/>, <see cref="WorldMap{TKey, TValue}"/>) call
/// <see cref="Admit"/> before they change and <see cref="OnUndo"/> after; a change is opened and closed by
/// <see cref="World.Change{T}"/> only, so a write outside it (outside the world's lock) throws instead of slipping past
/// the bounds. Two bounds: items per collection (<see cref="WorldLimits.MaxItemsPerCollection"/>, or a collection's own
/// smaller cap) and bytes of stored text per world (<see cref="WorldLimits.MaxStoredBytes"/>, see <see cref="StoredSize"/>).
/// </remarks>
internal sealed class WorldBudget(WorldLimits limits)
{
    private List<Action>? _undo;
    private bool _seeding;

    public WorldLimits Limits { get; } = limits;

    /// <summary>Bytes of text the world holds now (UTF-16, fixtures included).</summary>
    public long StoredBytes { get; private set; }

    /// <summary>Whether the open change seeds the fixtures (nothing is refused then).</summary>
    public bool Seeding => _seeding;

    /// <summary>The most items this collection may hold.</summary>
    public int CapOf(IWorldCollection collection) => Math.Min(collection.MaxItems ?? int.MaxValue, Limits.MaxItemsPerCollection);

    /// <summary>Refuses (<see cref="WorldFullException"/>) a collection growing past its cap or the world past its text budget.</summary>
    public void Admit(IWorldCollection collection, int countAfter, long bytesAdded)
    {
        RequireChange();
        if (_seeding)
        {
            return;
        }

        var cap = CapOf(collection);
        if (countAfter > collection.Count && countAfter > cap)
        {
            throw new WorldFullException(collection.Name, cap);
        }

        AdmitBytes(bytesAdded);
    }

    /// <summary>Refuses text that would take the world past its budget.</summary>
    public void AdmitBytes(long bytesAdded)
    {
        RequireChange();
        if (!_seeding && bytesAdded > 0 && StoredBytes + bytesAdded > Limits.MaxStoredBytes)
        {
            throw new WorldFullException(null, Limits.MaxStoredBytes);
        }
    }

    /// <summary>Accounts for text that entered (positive) or left (negative) the world.</summary>
    public void Charge(long bytes) => StoredBytes += bytes;

    /// <summary>Remembers how to take back a write of the open change.</summary>
    public void OnUndo(Action undo)
    {
        RequireChange();
        _undo!.Add(undo);
    }

    /// <summary>Opens the change that seeds the fixtures: counted like any other, but never refused (the bounds limit growth; a world may start at or over a small cap).</summary>
    public void BeginSeeding()
    {
        Begin();
        _seeding = true;
    }

    public void Begin()
    {
        if (_undo is not null)
        {
            throw new InvalidOperationException("A world change is already open; World.Change does not nest.");
        }

        _undo = [];
    }

    public void Commit()
    {
        _undo = null;
        _seeding = false;
    }

    public void Rollback()
    {
        var undo = _undo ?? [];
        _undo = null;
        _seeding = false;
        for (var i = undo.Count - 1; i >= 0; i--)
        {
            undo[i]();
        }
    }

    /// <summary>Throws unless a change is open: every write, and every step of the world's clock and generators, happens in one.</summary>
    public void RequireChange()
    {
        if (_undo is null)
        {
            throw new InvalidOperationException("A world was changed outside World.Change: every write must be admitted against the bounds, under the world's lock.");
        }
    }
}

/// <summary>A write the world's bounds refuse: a collection at its cap (<see cref="Collection"/> names it) or the text budget spent (<see cref="Collection"/> null).</summary>
internal sealed class WorldFullException(string? collection, long cap)
    : Exception(collection is null ? $"The world's text budget of {cap} bytes is spent." : $"The world holds at most {cap} {collection}.")
{
    public string? Collection { get; } = collection;

    public long Cap { get; } = cap;
}
