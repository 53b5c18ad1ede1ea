using System.Diagnostics;
using Rostro.Client;
using Rostro.MockServer.Handlers;
using Rostro.MockServer.Mimic.Load;
using Rostro.MockServer.Operations;
using Rostro.MockServer.Settings;
using Rostro.Spec;
using Rostro.Spec.Answers;
using ValidationDetail = Rostro.MockServer.Errors.ValidationDetail;

namespace Rostro.MockServer.Mimic;

/// <summary>The OpenAI mimic's six completion operations: chat and (legacy) text completions, with the model in the body (<c>/v1</c>), in the path, or under <c>/chub</c>.</summary>
/// <remarks>
/// The pipeline has already authenticated, validated the body against the spec and applied <c>Prefer: code</c> and the
/// <c>X-Mock-*</c> headers. Here: the model (the path's beats the body's; on <c>/v1</c> the body's must be one of
/// <c>ModelId</c>, else 422 at <c>["body","model"]</c>), the <c>errorRatePercent</c> fault, the plan, then the JSON
/// answer after the generation time or the event stream.
/// </remarks>
internal sealed class CompletionHandler : IOperationHandler, IDisposable
{
    private static readonly HashSet<string> s_chat = new(StringComparer.Ordinal) { "createChatCompletion", "createChatCompletionForModel", "createChubChatCompletion" };
    private static readonly HashSet<string> s_text = new(StringComparer.Ordinal) { "createCompletion", "createCompletionForModel", "createChubCompletion" };

    private readonly HashSet<string> _models;
    private readonly string _modelList;
    private readonly int _defaultMaxTokens;
    private readonly TokenClock _clock;
    private readonly OpenStreams _open;
    private readonly LoadModel _load;
    private readonly bool _ownsClock;
    private long _requests;

    /// <summary>Reads the model list and the text completions' default <c>max_tokens</c> from the spec.</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="clock">The server's token clock (<see cref="MimicServiceCollectionExtensions.AddMimic"/>); without it the handler runs its own.</param>
    /// <param name="open">The server's completions in progress, ended at shutdown; without it the handler keeps its own count.</param>
    /// <param name="load">The server's load model (capacity, prefix cache, quotas); without it the handler keeps its own.</param>
    public CompletionHandler(RostroSpec spec, TokenClock? clock = null, OpenStreams? open = null, LoadModel? load = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _open = open ?? new OpenStreams();
        _load = load ?? new LoadModel();
        _ownsClock = clock is null;
        _clock = clock ?? new TokenClock();
        var models = spec.Schema("ModelId").Enum.Select(e => e?.GetValue<string>() ?? string.Empty).ToList();
        _models = new HashSet<string>(models, StringComparer.Ordinal);
        _modelList = string.Join(", ", models.Select(m => $"'{m}'"));
        _defaultMaxTokens = (int?)JsonRead.Integer(spec.Schema("CreateCompletionRequest").Property("max_tokens")?.Default) ?? 16;
    }

    /// <inheritdoc />
    public IEnumerable<string> OperationIds => s_chat.Concat(s_text);

    /// <summary>The clock every stream of this server waits on.</summary>
    public TokenClock Clock => _clock;

    /// <inheritdoc />
    public async Task HandleAsync(OperationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Deadlines count from the request's arrival when AddMimic stamped it, so validation time is part of the TTFT, as a client sees it.
        var start = context.Http.Features.Get<RequestArrival>()?.Timestamp ?? Stopwatch.GetTimestamp();
        var api = s_chat.Contains(context.Operation.OperationId) ? MimicApi.Chat : MimicApi.Text;
        object body = api == MimicApi.Chat ? context.Body<CreateChatCompletionRequest>() : context.Body<CreateCompletionRequest>();
        var settings = context.Settings;

        string model;
        if (context.PathValues.TryGetValue("model", out var pathModel))
        {
            model = pathModel;
        }
        else if (((body as CreateChatCompletionRequest)?.Model ?? (body as CreateCompletionRequest)?.Model) is not { } bodyModel)
        {
            await context.WriteValidationErrorAsync([new ValidationDetail(["body", "model"], "Field required", "missing")]);
            return;
        }
        else if (!_models.Contains(bodyModel))
        {
            await context.WriteValidationErrorAsync([new ValidationDetail(["body", "model"], $"Input should be {_modelList}", "enum")]);
            return;
        }
        else
        {
            model = bodyModel;
        }

        var (work, reckoning) = CompletionPlanner.RequestedWork(body, settings.OutputTokens, _defaultMaxTokens);
        if (work > CompletionPlanner.MaxTokenEntriesPerRequest)
        {
            await context.WriteValidationErrorAsync([new ValidationDetail(
                ["body", "n"],
                $"This request asks for up to {work} generated token entries ({reckoning}); the mock generates at most {CompletionPlanner.MaxTokenEntriesPerRequest} per request. Lower n, max_tokens / max_completion_tokens, X-Mock-Output-Tokens or the logprobs alternatives.",
                "value_error")]);
            return;
        }

        var request = Interlocked.Increment(ref _requests);
        if (ErrorRateFault.Hits(settings, request, "fault"))
        {
            var (status, message, code) = ErrorRateFault.Answer(settings, "The model");
            await context.WriteErrorAsync(status, message, code);
            return;
        }

        // The logical clock the worlds keep (README): one second per completion request since the mock started.
        var created = State.World.Epoch.AddSeconds(request).ToUnixTimeSeconds();
        var plan = body is CreateChatCompletionRequest chat
            ? CompletionPlanner.PlanChat(chat, model, settings.Seed, settings.OutputTokens, request, created)
            : CompletionPlanner.PlanText((CreateCompletionRequest)body, model, settings.Seed, settings.OutputTokens, request, created, _defaultMaxTokens);

        // The load model (off by default): the credential's quotas, then a sequence, waited for in the queue.
        var (withinQuota, quotaHeaders, resetSeconds) = _load.Quotas.Take(context.World.Id, plan.PromptTokens + plan.CompletionTokens, settings);
        foreach (var (name, value) in quotaHeaders)
        {
            context.Http.Response.Headers[name] = value;
        }

        if (!withinQuota)
        {
            context.Http.Response.Headers.RetryAfter = resetSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await context.WriteJsonAsync(StatusCodes.Status429TooManyRequests, ErrorAnswers.Envelope(
                StatusCodes.Status429TooManyRequests,
                $"Rate limit reached: this credential may send {Quota(settings.RequestsPerMinute, "requests")} and use {Quota(settings.TokensPerMinute, "tokens")} per minute (mock load model); this request needs {plan.PromptTokens + plan.CompletionTokens} tokens. Retry after {resetSeconds} s.",
                ErrorCodes.RateLimited));
            return;
        }

        using var admission = await _load.Slots.AdmitAsync(settings, context.Aborted);
        if (admission is null)
        {
            var status = settings.SaturatedStatus;
            context.Http.Response.Headers.RetryAfter = ErrorAnswers.RetryAfterSeconds;
            await context.WriteJsonAsync(status, ErrorAnswers.Envelope(
                status,
                $"The model is at capacity: all {settings.MaxSequences} sequences are generating and the queue of {settings.MaxQueuedRequests} is full (mock load model: maxSequences, maxQueuedRequests); retry later.",
                ErrorCodes.ForStatus(status)));
            return;
        }

        if (settings.MaxSequences > 0)
        {
            MimicMeter.QueueWait.Record(admission.QueuedMs);
        }

        var uncached = 0;
        if (settings.PrefillMicrosPerToken > 0)
        {
            // The prompt's tokens as usage counts them; the cache holds whole blocks of them.
            var tokens = plan.PromptParts.SelectMany(MimicTokenizer.Split).ToList();
            uncached = tokens.Count - _load.Prefixes.Prefill(tokens);
        }

        settings = LoadModel.Timing(settings, admission.QueuedMs, admission.RunningAtStart, uncached);

        using var tracked = _open.Track(context.Http);
        if (plan.Stream)
        {
            await CompletionStreamer.StreamAsync(context.Http, plan, settings, _clock, start);
            return;
        }

        // A real model answers once it has generated the last token: wait as long as the stream would have taken.
        var deadlines = CompletionStreamer.Schedule(start, plan.Steps, settings, plan.Seed);
        using (var timer = _clock.CreateTimer(context.Aborted))
        {
            await timer.WaitUntilAsync(deadlines[^1]);
        }

        await context.WriteJsonAsync(StatusCodes.Status200OK, new MimicJsonWriter(plan).WriteBody());
    }

    private static string Quota(int perMinute, string what) => perMinute == 0 ? $"any number of {what}" : $"{perMinute} {what}";

    /// <summary>Stops the clock when it is the handler's own.</summary>
    public void Dispose()
    {
        if (_ownsClock)
        {
            _clock.Dispose();
        }
    }
}
