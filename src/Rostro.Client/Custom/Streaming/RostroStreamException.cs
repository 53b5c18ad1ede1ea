namespace Rostro.Client;

/// <summary>A <c>text/event-stream</c> answer that broke the streaming protocol: cut before <c>data: [DONE]</c>, an error event, or no stream at all.</summary>
public sealed class RostroStreamException : Exception
{
    /// <summary>A stream failure after <paramref name="eventsReceived"/> events.</summary>
    public RostroStreamException(string message, int eventsReceived, Exception? innerException = null)
        : base(message, innerException) => EventsReceived = eventsReceived;

    /// <summary>How many chunks arrived before the failure (all of them were handed to the caller).</summary>
    public int EventsReceived { get; }
}
