using System.Net;
using System.Text.Json.Nodes;
using Rostro.MockServer.Mimic;

namespace Rostro.MockServer.Tests.Mimic;

[Collection(MimicCollection.Name)]
public sealed class ChatCompletionTests(MimicServerFixture mock)
{
    [Fact]
    public async Task Chat_completion_has_the_OpenAI_shape_and_matches_the_spec()
    {
        using var response = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody());
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        mock.Violations(text, "ChatCompletion").Should().BeEmpty();
        var body = MimicServerFixture.Json(text);
        body["id"]!.GetValue<string>().Should().StartWith("chatcmpl-");
        body["object"]!.GetValue<string>().Should().Be("chat.completion");
        body["created"]!.GetValue<long>().Should().BeGreaterThan(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), "created is the logical clock's, after its start");
        body["model"]!.GetValue<string>().Should().Be("mythomax");
        var choice = body["choices"]![0]!;
        choice["message"]!["role"]!.GetValue<string>().Should().Be("assistant");
        var content = choice["message"]!["content"]!.GetValue<string>();
        choice["finish_reason"]!.GetValue<string>().Should().Be("stop");
        content.Should().MatchRegex(@"^[A-Z].*[.!?]$", "a natural answer is whole sentences");
        MimicTokenizer.Count(content).Should().BeInRange(40, 180);
    }

    [Fact]
    public async Task Usage_counts_the_prompt_and_the_answer_with_the_same_tokenizer()
    {
        const string prompt = "Hello! How are the dragons of the valley today?";
        using var response = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody(prompt, "\"n\":3"));
        var body = MimicServerFixture.Json(await response.Content.ReadAsStringAsync());

        var usage = body["usage"]!;
        var answers = body["choices"]!.AsArray().Select(c => c!["message"]!["content"]!.GetValue<string>()).ToList();
        usage["prompt_tokens"]!.GetValue<int>().Should().Be(MimicTokenizer.Count(prompt)).And.Be(11);
        usage["completion_tokens"]!.GetValue<int>().Should().Be(answers.Sum(MimicTokenizer.Count));
        usage["total_tokens"]!.GetValue<int>().Should().Be(usage["prompt_tokens"]!.GetValue<int>() + usage["completion_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task N_gives_that_many_distinct_choices_indexed_in_order()
    {
        using var response = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody(extra: "\"n\":4"));
        var choices = MimicServerFixture.Json(await response.Content.ReadAsStringAsync())["choices"]!.AsArray();

        choices.Select(c => c!["index"]!.GetValue<int>()).Should().Equal(0, 1, 2, 3);
        choices.Select(c => c!["message"]!["content"]!.GetValue<string>()).Distinct().Should().HaveCount(4);
    }

    [Theory]
    [InlineData("max_completion_tokens")]
    [InlineData("max_tokens")]
    public async Task A_token_limit_cuts_the_answer_with_finish_reason_length(string limit)
    {
        using var response = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody(extra: $"\"{limit}\":7"));
        var body = MimicServerFixture.Json(await response.Content.ReadAsStringAsync());

        body["choices"]![0]!["finish_reason"]!.GetValue<string>().Should().Be("length");
        MimicTokenizer.Count(body["choices"]![0]!["message"]!["content"]!.GetValue<string>()).Should().Be(7);
        body["usage"]!["completion_tokens"]!.GetValue<int>().Should().Be(7);
    }

    [Fact]
    public async Task Output_tokens_setting_fixes_the_length_exactly()
    {
        using var response = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody(), new Dictionary<string, string> { ["X-Mock-Output-Tokens"] = "250" });
        var body = MimicServerFixture.Json(await response.Content.ReadAsStringAsync());

        body["usage"]!["completion_tokens"]!.GetValue<int>().Should().Be(250);
        body["choices"]![0]!["finish_reason"]!.GetValue<string>().Should().Be("stop");
    }

    [Fact]
    public async Task A_stop_sequence_cuts_the_text_before_it_with_finish_reason_stop()
    {
        using var first = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody(extra: "\"seed\":7"));
        var full = MimicServerFixture.Json(await first.Content.ReadAsStringAsync())["choices"]![0]!["message"]!["content"]!.GetValue<string>();
        var words = full.Split(' ');
        var stop = " " + words[5];
        var expected = full[..full.IndexOf(stop, StringComparison.Ordinal)];

        using var second = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody(extra: $"\"seed\":7,\"stop\":[\"zzz-never\",{System.Text.Json.JsonSerializer.Serialize(stop)}]"));
        var body = MimicServerFixture.Json(await second.Content.ReadAsStringAsync());

        var choice = body["choices"]![0]!;
        choice["message"]!["content"]!.GetValue<string>().Should().Be(expected);
        choice["finish_reason"]!.GetValue<string>().Should().Be("stop");
        body["usage"]!["completion_tokens"]!.GetValue<int>().Should().Be(MimicTokenizer.Count(expected));
    }

    [Fact]
    public async Task Same_seed_and_request_give_the_same_text_and_another_seed_another()
    {
        async Task<string> Ask(string extra)
        {
            using var response = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody("Describe the harbour.", extra));
            return MimicServerFixture.Json(await response.Content.ReadAsStringAsync())["choices"]![0]!["message"]!["content"]!.GetValue<string>();
        }

        var first = await Ask("\"seed\":11");
        (await Ask("\"seed\":11")).Should().Be(first);
        (await Ask("\"seed\":12")).Should().NotBe(first);
    }

    [Fact]
    public async Task Two_mocks_with_the_same_seed_give_the_same_bodies_for_the_same_requests_created_included()
    {
        async Task<List<string>> AnswersAsync()
        {
            await using var fresh = await RostroMock.StartAsync(new MockServerOptions { Settings = new Rostro.MockServer.Settings.MockSettings { Seed = 7, TtftMs = 0, InterTokenMs = 0 } });
            using var http = new HttpClient { BaseAddress = fresh.BaseAddress };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "same-seed");
            var bodies = new List<string>();
            foreach (var prompt in new[] { "Describe the harbour.", "And the lighthouse?" })
            {
                using var response = await http.PostAsync("/v1/chat/completions", new StringContent(MimicServerFixture.ChatBody(prompt), System.Text.Encoding.UTF8, "application/json"));
                bodies.Add(await response.Content.ReadAsStringAsync());
            }

            return bodies;
        }

        var first = await AnswersAsync();
        await Task.Delay(1100); // a wall clock would move on by a second
        var second = await AnswersAsync();

        second.Should().Equal(first);
        MimicServerFixture.Json(first[0])["created"]!.GetValue<long>().Should().Be(new DateTimeOffset(2026, 1, 15, 12, 0, 1, TimeSpan.Zero).ToUnixTimeSeconds(), "the logical clock's first tick");
    }

    [Fact]
    public async Task The_path_model_overrides_the_body_model()
    {
        using var forModel = await mock.PostAsync("/soji/v1/chat/completions", MimicServerFixture.ChatBody(model: "mythomax"));
        using var chub = await mock.PostAsync("/chub/asha/v1/chat/completions", MimicServerFixture.ChatBody(model: "not-a-model"));

        MimicServerFixture.Json(await forModel.Content.ReadAsStringAsync())["model"]!.GetValue<string>().Should().Be("soji");
        MimicServerFixture.Json(await chub.Content.ReadAsStringAsync())["model"]!.GetValue<string>().Should().Be("asha");
    }

    [Theory]
    [InlineData("\"model\":\"gpt-4\",", "enum")]
    [InlineData("", "missing")]
    public async Task On_v1_a_missing_or_unknown_body_model_is_a_422_at_body_model(string model, string type)
    {
        using var response = await mock.PostAsync("/v1/chat/completions", $$"""{{{model}}"messages":[{"role":"user","content":"Hi"}]}""");
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        mock.Violations(text, "ValidationErrorResponse").Should().BeEmpty();
        var detail = MimicServerFixture.Json(text)["detail"]!.AsArray().Single()!;
        detail["loc"]!.AsArray().Select(l => l!.GetValue<string>()).Should().Equal("body", "model");
        detail["type"]!.GetValue<string>().Should().Be(type);
    }

    [Fact]
    public async Task Tool_choice_required_answers_with_a_well_formed_tool_call()
    {
        const string tools = """
            "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather of a city.","parameters":{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer","minimum":1,"maximum":3},"unit":{"type":"string","enum":["c","f"]}},"required":["city","days","unit"]}}}],"tool_choice":"required"
            """;
        using var response = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody("What is the weather in Paris?", tools));
        var text = await response.Content.ReadAsStringAsync();

        mock.Violations(text, "ChatCompletion").Should().BeEmpty();
        var body = MimicServerFixture.Json(text);
        var choice = body["choices"]![0]!;
        choice["finish_reason"]!.GetValue<string>().Should().Be("tool_calls");
        var call = choice["message"]!["tool_calls"]![0]!;
        call["id"]!.GetValue<string>().Should().StartWith("call_");
        call["function"]!["name"]!.GetValue<string>().Should().Be("get_weather");
        var arguments = JsonNode.Parse(call["function"]!["arguments"]!.GetValue<string>())!.AsObject();
        arguments["city"]!.GetValue<string>().Should().Be("Paris");
        arguments["days"]!.GetValue<int>().Should().BeInRange(1, 3);
        arguments["unit"]!.GetValue<string>().Should().BeOneOf("c", "f");
        body["usage"]!["completion_tokens"]!.GetValue<int>().Should().Be(MimicTokenizer.Count("get_weather") + MimicTokenizer.Count(call["function"]!["arguments"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("What is the weather in Paris?", "auto", true)]
    [InlineData("Tell me a story about the sea.", "auto", false)]
    [InlineData("What is the weather in Paris?", "none", false)]
    [InlineData("Tell me a story about the sea.", """{"type":"function","function":{"name":"get_weather"}}""", true)]
    public async Task Tool_choice_decides_between_a_call_and_text(string prompt, string choice, bool calls)
    {
        var toolChoice = choice.StartsWith('{') ? choice : $"\"{choice}\"";
        var tools = """
            "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],"tool_choice":
            """ + toolChoice;
        using var response = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody(prompt, tools));
        var body = MimicServerFixture.Json(await response.Content.ReadAsStringAsync());

        body["choices"]![0]!["finish_reason"]!.GetValue<string>().Should().Be(calls ? "tool_calls" : "stop");
    }

    [Fact]
    public async Task Logprobs_are_given_per_token_when_asked()
    {
        using var response = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody(extra: "\"logprobs\":true,\"top_logprobs\":3,\"max_completion_tokens\":5"));
        var text = await response.Content.ReadAsStringAsync();

        mock.Violations(text, "ChatCompletion").Should().BeEmpty();
        var choice = MimicServerFixture.Json(text)["choices"]![0]!;
        var content = choice["logprobs"]!["content"]!.AsArray();
        content.Select(t => t!["token"]!.GetValue<string>()).Should().Equal(MimicTokenizer.Split(choice["message"]!["content"]!.GetValue<string>()));
        content.Should().OnlyContain(t => t!["top_logprobs"]!.AsArray().Count == 3 && t["logprob"]!.GetValue<double>() <= 0);
    }

    [Fact]
    public async Task Every_answer_so_far_was_valid_against_the_spec()
    {
        using var response = await mock.PostAsync("/v1/chat/completions", MimicServerFixture.ChatBody(extra: "\"n\":2"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);

        mock.Server.Audit.Violations.Where(v => v.StartsWith("create", StringComparison.Ordinal)).Should().BeEmpty();
        mock.Server.Health.UnhandledExceptions.Should().Be(0);
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"mythomax","messages":[{"role":"user","content":"Hi"}],"n":128,"logprobs":true,"top_logprobs":20}""")]
    [InlineData("/v1/chat/completions", """{"model":"mythomax","messages":[{"role":"user","content":"Hi"}],"n":128,"stream":true}""")]
    [InlineData("/v1/completions", """{"model":"mythomax","prompt":"Hi","n":128,"max_tokens":100000,"logprobs":5}""")]
    public async Task A_request_for_more_work_than_the_mock_bounds_answers_422_naming_the_limit_before_generating(string path, string body)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();

        using var response = await mock.PostAsync(path, body, new Dictionary<string, string> { ["X-Mock-Output-Tokens"] = "100000" });
        var text = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).Should().Be(422, text);
        var detail = System.Text.Json.Nodes.JsonNode.Parse(text)!["detail"]![0]!;
        string.Join('/', detail["loc"]!.AsArray().Select(s => s!.ToString())).Should().Be("body/n");
        detail["msg"]!.GetValue<string>().Should().Contain(CompletionPlanner.MaxTokenEntriesPerRequest.ToString(System.Globalization.CultureInfo.InvariantCulture));
        text.Length.Should().BeLessThan(2000);
        started.ElapsedMilliseconds.Should().BeLessThan(2000, "nothing was generated");
        mock.Violations(text, "ValidationErrorResponse").Should().BeEmpty();
    }

    [Fact]
    public async Task A_large_request_within_the_bound_is_answered_in_full()
    {
        var unaudited = mock.Server.Audit.Unaudited;
        using var response = await mock.PostAsync("/v1/chat/completions", """{"model":"mythomax","messages":[{"role":"user","content":"Hi"}],"n":64,"logprobs":true,"top_logprobs":3}""", new Dictionary<string, string> { ["X-Mock-Output-Tokens"] = "1000" });
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        ((int)response.StatusCode).Should().Be(200);
        body["choices"]!.AsArray().Should().HaveCount(64);
        body["usage"]!["completion_tokens"]!.GetValue<int>().Should().Be(64 * 1000);
        mock.Server.Audit.Unaudited.Should().Be(unaudited + 1, "an 18 MB body is over the audit's size (ResponseAudit.MaxAuditedBytes); the small answers of the same code are validated");
    }
}
