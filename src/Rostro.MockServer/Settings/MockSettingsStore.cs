namespace Rostro.MockServer.Settings;

/// <summary>Holds the current <see cref="MockSettings"/>; replaced whole, read as a snapshot.</summary>
public sealed class MockSettingsStore
{
    private MockSettings _current;

    /// <summary>Starts from the given settings.</summary>
    public MockSettingsStore(MockSettings initial) => _current = initial ?? throw new ArgumentNullException(nameof(initial));

    /// <summary>The settings now in force. Read once per request and keep the reference: it never changes underneath you.</summary>
    public MockSettings Current => Volatile.Read(ref _current);

    /// <summary>Puts new settings in force for requests that start from now on. Validate first (<see cref="MockSettingsJson"/>).</summary>
    public void Replace(MockSettings settings) => Volatile.Write(ref _current, settings ?? throw new ArgumentNullException(nameof(settings)));
}
