using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Rostro.Client;

/// <summary>OpenAI-compatible models, completions and chat completions (the spec's <c>mimic</c> tag).</summary>
public partial interface IMimicClient
{
    /// <summary><c>POST /v1/chat/completions</c> with <c>stream: true</c>: the chunks as they arrive, until <c>data: [DONE]</c>.</summary>
    IAsyncEnumerable<ChatCompletionChunk> StreamChatCompletionAsync(CreateChatCompletionRequest body, CancellationToken cancellationToken = default);

    /// <summary><c>POST /{model}/v1/chat/completions</c> with <c>stream: true</c>.</summary>
    IAsyncEnumerable<ChatCompletionChunk> StreamChatCompletionForModelAsync(ModelId model, CreateChatCompletionRequest body, CancellationToken cancellationToken = default);

    /// <summary><c>POST /chub/{model}/v1/chat/completions</c> with <c>stream: true</c>.</summary>
    IAsyncEnumerable<ChatCompletionChunk> StreamChubChatCompletionAsync(ModelId model, CreateChatCompletionRequest body, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/completions</c> with <c>stream: true</c>: <c>text_completion</c> chunks until <c>data: [DONE]</c>.</summary>
    IAsyncEnumerable<Completion> StreamCompletionAsync(CreateCompletionRequest body, CancellationToken cancellationToken = default);

    /// <summary><c>POST /{model}/v1/completions</c> with <c>stream: true</c>.</summary>
    IAsyncEnumerable<Completion> StreamCompletionForModelAsync(ModelId model, CreateCompletionRequest body, CancellationToken cancellationToken = default);

    /// <summary><c>POST /chub/{model}/v1/completions</c> with <c>stream: true</c>.</summary>
    IAsyncEnumerable<Completion> StreamChubCompletionAsync(ModelId model, CreateCompletionRequest body, CancellationToken cancellationToken = default);
}

// The spec documents each completions route's 200 as JSON or an event stream; NSwag generates the JSON
// answer only, so the streamed answer is read here. The paths mirror the generated twins (a test checks they agree).
/// <summary>OpenAI-compatible models, completions and chat completions (the spec's <c>mimic</c> tag).</summary>
public partial class MimicClient
{
    /// <inheritdoc />
    public IAsyncEnumerable<ChatCompletionChunk> StreamChatCompletionAsync(CreateChatCompletionRequest body, CancellationToken cancellationToken = default) =>
        StreamAsync<ChatCompletionChunk>("createChatCompletion", "v1/chat/completions", body, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ChatCompletionChunk> StreamChatCompletionForModelAsync(ModelId model, CreateChatCompletionRequest body, CancellationToken cancellationToken = default) =>
        StreamAsync<ChatCompletionChunk>("createChatCompletionForModel", $"{PathSegment(model)}/v1/chat/completions", body, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ChatCompletionChunk> StreamChubChatCompletionAsync(ModelId model, CreateChatCompletionRequest body, CancellationToken cancellationToken = default) =>
        StreamAsync<ChatCompletionChunk>("createChubChatCompletion", $"chub/{PathSegment(model)}/v1/chat/completions", body, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<Completion> StreamCompletionAsync(CreateCompletionRequest body, CancellationToken cancellationToken = default) =>
        StreamAsync<Completion>("createCompletion", "v1/completions", body, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<Completion> StreamCompletionForModelAsync(ModelId model, CreateCompletionRequest body, CancellationToken cancellationToken = default) =>
        StreamAsync<Completion>("createCompletionForModel", $"{PathSegment(model)}/v1/completions", body, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<Completion> StreamChubCompletionAsync(ModelId model, CreateCompletionRequest body, CancellationToken cancellationToken = default) =>
        StreamAsync<Completion>("createChubCompletion", $"chub/{PathSegment(model)}/v1/completions", body, cancellationToken);

    private string PathSegment(ModelId model) => Uri.EscapeDataString(ConvertToString(model, CultureInfo.InvariantCulture));

    private async IAsyncEnumerable<TChunk> StreamAsync<TChunk>(string operationId, string path, object body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);

        // The caller's request object is left as it was: `stream: true` is set on the wire copy only.
        var json = JsonSerializer.SerializeToNode(body, body.GetType(), JsonSerializerSettings)!.AsObject();
        json["stream"] = true;

        using var request = new HttpRequestMessage(HttpMethod.Post, (Uri?)null);
        request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(json, JsonSerializerSettings));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));

        var urlBuilder = new System.Text.StringBuilder(path);
        PrepareRequest(_httpClient, request, urlBuilder);
        var url = urlBuilder.ToString();
        request.RequestUri = new Uri(url, UriKind.RelativeOrAbsolute);
        PrepareRequest(_httpClient, request, url);

        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        ProcessResponse(_httpClient, response);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorResponse.ReadAsync($"{operationId} (POST /{path}, streamed)", response, JsonSerializerSettings, cancellationToken).ConfigureAwait(false);
        }

        if (!ErrorResponse.IsEventStream(response.Content.Headers))
        {
            throw new RostroStreamException(
                $"Asked for a text/event-stream but the server answered {(int)response.StatusCode} with '{response.Content.Headers.ContentType?.MediaType ?? "no content type"}'.", 0);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var chunk in ChunkStream.ReadAsync<TChunk>(stream, JsonSerializerSettings, cancellationToken).ConfigureAwait(false))
            {
                yield return chunk;
            }
        }
    }
}
