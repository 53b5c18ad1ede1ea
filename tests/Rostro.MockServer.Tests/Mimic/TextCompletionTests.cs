using System.Net;
using Rostro.MockServer.Mimic;

namespace Rostro.MockServer.Tests.Mimic;

[Collection(MimicCollection.Name)]
public sealed class TextCompletionTests(MimicServerFixture mock)
{
    [Fact]
    public async Task A_text_completion_continues_the_prompt_with_the_spec_default_of_16_tokens()
    {
        using var response = await mock.PostAsync("/v1/completions", """{"model":"mythomax","prompt":"Once upon a time"}""");
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        mock.Violations(text, "Completion").Should().BeEmpty();
        var body = MimicServerFixture.Json(text);
        body["id"]!.GetValue<string>().Should().StartWith("cmpl-");
        body["object"]!.GetValue<string>().Should().Be("text_completion");
        var choice = body["choices"]![0]!;
        choice["text"]!.GetValue<string>().Should().StartWith(" ");
        MimicTokenizer.Count(choice["text"]!.GetValue<string>()).Should().Be(16);
        choice["finish_reason"]!.GetValue<string>().Should().Be("length");
        body["usage"]!["prompt_tokens"]!.GetValue<int>().Should().Be(4);
    }

    [Fact]
    public async Task Echo_returns_the_prompt_before_the_completion()
    {
        using var plain = await mock.PostAsync("/v1/completions", """{"model":"mythomax","prompt":"The river","max_tokens":5}""");
        using var echoed = await mock.PostAsync("/v1/completions", """{"model":"mythomax","prompt":"The river","max_tokens":5,"echo":true}""");

        var completion = MimicServerFixture.Json(await plain.Content.ReadAsStringAsync())["choices"]![0]!["text"]!.GetValue<string>();
        MimicServerFixture.Json(await echoed.Content.ReadAsStringAsync())["choices"]![0]!["text"]!.GetValue<string>().Should().Be("The river" + completion);
    }

    [Fact]
    public async Task Several_prompts_give_n_choices_each_and_usage_sums_them()
    {
        using var response = await mock.PostAsync("/v1/completions", """{"model":"mythomax","prompt":["One two","Three"],"n":2,"max_tokens":3}""");
        var body = MimicServerFixture.Json(await response.Content.ReadAsStringAsync());

        body["choices"]!.AsArray().Select(c => c!["index"]!.GetValue<int>()).Should().Equal(0, 1, 2, 3);
        body["usage"]!["prompt_tokens"]!.GetValue<int>().Should().Be(3);
        body["usage"]!["completion_tokens"]!.GetValue<int>().Should().Be(12);
    }

    [Fact]
    public async Task Token_id_prompts_count_their_ids()
    {
        using var response = await mock.PostAsync("/v1/completions", """{"model":"mythomax","prompt":[1,2,3,4,5],"max_tokens":2}""");
        var body = MimicServerFixture.Json(await response.Content.ReadAsStringAsync());

        body["usage"]!["prompt_tokens"]!.GetValue<int>().Should().Be(5);
    }

    [Fact]
    public async Task Logprobs_list_each_token_with_its_offset_and_alternatives()
    {
        using var response = await mock.PostAsync("/v1/completions", """{"model":"mythomax","prompt":"Hello","max_tokens":4,"logprobs":2,"echo":true}""");
        var text = await response.Content.ReadAsStringAsync();

        mock.Violations(text, "Completion").Should().BeEmpty();
        var choice = MimicServerFixture.Json(text)["choices"]![0]!;
        var logprobs = choice["logprobs"]!;
        var tokens = logprobs["tokens"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        tokens.Should().HaveCount(4);
        var full = choice["text"]!.GetValue<string>();
        var offsets = logprobs["text_offset"]!.AsArray().Select(o => o!.GetValue<int>()).ToList();
        tokens.Select((t, i) => full.Substring(offsets[i], t.Length)).Should().Equal(tokens);
        logprobs["top_logprobs"]!.AsArray().Should().OnlyContain(t => t!.AsObject().Count == 2);
    }

    [Fact]
    public async Task The_path_model_answers_on_the_completions_routes_too()
    {
        using var response = await mock.PostAsync("/chub/mobile/v1/completions", """{"prompt":"Hi","max_tokens":2}""");
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        MimicServerFixture.Json(text)["model"]!.GetValue<string>().Should().Be("mobile");
    }

    [Fact]
    public async Task On_v1_completions_an_unknown_model_is_a_422_at_body_model()
    {
        using var response = await mock.PostAsync("/v1/completions", """{"model":"davinci","prompt":"Hi"}""");

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        MimicServerFixture.Json(await response.Content.ReadAsStringAsync())["detail"]![0]!["loc"]!.ToJsonString().Should().Be("""["body","model"]""");
    }
}
