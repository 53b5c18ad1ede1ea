namespace Rostro.MockServer.State;

/// <summary>The state one credential sees: its own user, projects, gallery, tags, follows, lore, characters and so on, seeded with the same fixtures.</summary>
/// <remarks>Thread-safe by one lock per world: every read and write of its collections happens under <see cref="Gate"/>.</remarks>
public sealed partial class World
{
    internal World(string id) => Id = id;

    /// <summary>Serialises access to this world's state. Hold it briefly; never across an await.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The world's identifier: a short SHA-256 hash of its credential (never the credential itself), or <c>anonymous</c>.</summary>
    public string Id { get; }

    /// <summary>True for the shared world of callers without credentials (public operations only).</summary>
    public bool IsAnonymous => Id == AnonymousId;

    /// <summary>The <see cref="Id"/> of the anonymous world.</summary>
    public const string AnonymousId = "anonymous";
}
