namespace Rostro.MockServer.Mimic;

/// <summary>What one server-sent event of a mimic stream carries.</summary>
internal enum MimicEventKind
{
    /// <summary>Chat: <c>delta.role: assistant</c> with empty content, one per choice, sent at once.</summary>
    Role,

    /// <summary>Text with <c>echo</c>: the prompt, sent at once.</summary>
    Echo,

    /// <summary>One content token (chat <c>delta.content</c>, text <c>text</c>).</summary>
    Token,

    /// <summary>Chat: the tool call's id, type and name (arguments follow as <see cref="ToolArgument"/>).</summary>
    ToolCall,

    /// <summary>Chat: one token of the tool call's arguments.</summary>
    ToolArgument,

    /// <summary>The choice's <c>finish_reason</c>.</summary>
    Finish,

    /// <summary>Empty <c>choices</c> and the <c>usage</c> (with <c>stream_options.include_usage</c>).</summary>
    Usage,

    /// <summary>Fault: a <c>data:</c> line that is not JSON.</summary>
    Malformed,

    /// <summary><c>data: [DONE]</c>.</summary>
    Done,
}

/// <summary>One event of a mimic stream: its kind, the choice and the token it is about.</summary>
/// <param name="Kind">What it carries.</param>
/// <param name="Choice">Index into <see cref="CompletionPlan.Choices"/>.</param>
/// <param name="Token">Index of the token within the choice.</param>
internal readonly record struct MimicEvent(MimicEventKind Kind, int Choice = 0, int Token = 0);
