namespace Rostro.MockServer.Settings;

/// <summary>Holds the current <see cref="MockSettings"/>; replaced whole, read as a snapshot.</summary>
internal sealed class MockSettingsStore
{
    private MockSettings _current;

    /// <summary>Starts from the given settings.</summary>
    public MockSettingsStore(MockSettings initial)
    {
        Initial = initial ?? throw new ArgumentNullException(nameof(initial));
        _current = initial;
    }

    /// <summary>The settings the server started with (the built-in defaults, overlaid with <c>--settings</c> and the command line).</summary>
    public MockSettings Initial { get; }

    /// <summary>The settings now in force. Read once per request and keep the reference: it never changes underneath you.</summary>
    public MockSettings Current => Volatile.Read(ref _current);

    /// <summary>Puts new settings in force for requests that start from now on. Validate first (<see cref="MockSettingsJson"/>).</summary>
    public void Replace(MockSettings settings) => Volatile.Write(ref _current, settings ?? throw new ArgumentNullException(nameof(settings)));

    /// <summary>Puts the start-up settings back in force (<c>POST /__admin/settings/reset</c>).</summary>
    public void Reset() => Volatile.Write(ref _current, Initial);
}
