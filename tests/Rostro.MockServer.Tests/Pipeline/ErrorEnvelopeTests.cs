using System.Net.Http.Headers;
using System.Text;
using Rostro.MockServer.Tests.Infrastructure;
using Rostro.Spec.Answers;

namespace Rostro.MockServer.Tests.Pipeline;

[Collection(MockServerCollection.Name)]
public sealed class ErrorEnvelopeTests(MockServerFixture mock)
{
    [Fact]
    public async Task Unknown_route_returns_404_envelope()
    {
        var body = await (await mock.GetAsync("/no/such/route", mock.NewToken())).ShouldBeAsync(404);

        body["errorCode"]!.GetValue<int>().Should().Be(404);
        body["code"]!.GetValue<int>().Should().Be(ErrorCodes.RouteNotFound);
        body["error"]!.GetValue<string>().Should().Contain("/no/such/route");
    }

    [Fact]
    public async Task Trailing_slash_is_a_different_route()
    {
        await (await mock.GetAsync("/v1/models/", mock.NewToken())).ShouldBeAsync(404);
    }

    [Fact]
    public async Task Undeclared_method_on_a_known_path_returns_405_with_allow()
    {
        var response = await mock.SendAsync(HttpMethod.Patch, "/api/tags/172700/cool", mock.NewToken());

        var body = await response.ShouldBeAsync(405);
        response.Content.Headers.Allow.Should().BeEquivalentTo(["DELETE", "POST"]);
        body["code"]!.GetValue<int>().Should().Be(ErrorCodes.MethodNotAllowed);
    }

    [Fact]
    public async Task Missing_credentials_on_a_secured_operation_return_401()
    {
        var response = await mock.GetAsync("/api/account");

        var body = await response.ShouldBeAsync(401);
        body["code"]!.GetValue<int>().Should().Be(ErrorCodes.MissingCredentials);
        response.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Bearer");
    }

    [Theory]
    [InlineData("Authorization", "Basic dXNlcjpwYXNz")]
    [InlineData("Authorization", "Bearer ")]
    [InlineData("CH-API-KEY", "invalid-key")]
    [InlineData("samwise", "INVALID")]
    public async Task Refused_credentials_return_401(string header, string value)
    {
        var response = await mock.GetAsync("/api/account", configure: r => r.Headers.TryAddWithoutValidation(header, value));

        (await response.ShouldBeAsync(401))["code"]!.GetValue<int>().Should().Be(ErrorCodes.InvalidCredentials);
    }

    [Theory]
    [InlineData("CH-API-KEY")]
    [InlineData("samwise")]
    public async Task Every_credential_scheme_is_accepted(string header)
    {
        var response = await mock.GetAsync("/api/self", configure: r => r.Headers.Add(header, mock.NewToken()));

        (await response.ShouldBeAsync(200))["username"]!.GetValue<string>().Should().Be("You");
    }

    [Fact]
    public async Task Public_operation_answers_without_credentials()
    {
        var body = await (await mock.PostAsync("/tags", json: """{ "namespace": "creatures", "limit": 10 }""")).ShouldBeAsync(200);

        body["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Should().Contain(["dragon", "elf"]);
    }

    [Fact]
    public async Task Malformed_json_returns_400_envelope_and_changes_nothing()
    {
        var token = mock.NewToken();

        var body = await (await mock.PostAsync("/api/account/blacklist", token, """{ "word": "spam" """)).ShouldBeAsync(400);

        body["code"]!.GetValue<int>().Should().Be(ErrorCodes.MalformedJson);
        body["error"]!.GetValue<string>().Should().StartWith("Malformed JSON body");
        (await (await mock.GetAsync("/api/account", token)).ShouldBeAsync(200))["blacklist"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Json_with_a_repeated_property_is_malformed()
    {
        var body = await (await mock.PostAsync("/api/account/blacklist", mock.NewToken(), """{ "word": "a", "word": "b" }""")).ShouldBeAsync(400);

        body["code"]!.GetValue<int>().Should().Be(ErrorCodes.MalformedJson);
    }

    [Fact]
    public async Task Body_schema_violation_returns_422_with_body_loc()
    {
        var body = await (await mock.PostAsync("/api/project/172700/rate", mock.NewToken(), """{ "rating": 7 }""")).ShouldBeAsync(422);

        body.Details().Should().Equal(("body/rating", "less_than_equal"));
    }

    [Fact]
    public async Task Every_violation_gets_its_own_detail_entry()
    {
        var body = await (await mock.PostAsync("/api/gallery/upload", mock.NewToken(), """{ "project_id": 0, "caption": 5 }""")).ShouldBeAsync(422);

        body.Details().Should().BeEquivalentTo([("body/image", "missing"), ("body/project_id", "greater_than_equal"), ("body/caption", "string_type")]);
    }

    [Fact]
    public async Task Missing_required_body_returns_422_missing()
    {
        var body = await (await mock.PostAsync("/api/infer/emotion", mock.NewToken())).ShouldBeAsync(422);

        body.Details().Should().Equal(("body", "missing"));
    }

    [Fact]
    public async Task Query_violation_returns_422_with_query_loc()
    {
        var body = await (await mock.GetAsync("/api/gallery?page=abc&limit=1000", mock.NewToken())).ShouldBeAsync(422);

        body.Details().Should().Equal(("query/page", "int_parsing"), ("query/limit", "less_than_equal"));
    }

    [Fact]
    public async Task Path_violation_returns_422_with_path_loc()
    {
        var body = await (await mock.GetAsync("/api/project/abc/ratings", mock.NewToken())).ShouldBeAsync(422);

        body.Details().Should().Equal(("path/project_id", "int_parsing"));
    }

    [Fact]
    public async Task Path_enum_violation_returns_422_enum()
    {
        var body = await (await mock.PostAsync("/api/account/block/planet/Mars", mock.NewToken())).ShouldBeAsync(422);

        body.Details().Should().Equal(("path/block_type", "enum"));
    }

    [Fact]
    public async Task Missing_required_query_parameter_returns_422_missing()
    {
        var body = await (await mock.GetAsync("/engine/api/file", mock.NewToken())).ShouldBeAsync(422);

        body.Details().Should().Equal(("query/url", "missing"));
    }

    [Fact]
    public async Task Nested_body_violation_locates_the_array_item()
    {
        var body = await (await mock.PostAsync("/v1/chat/completions", mock.NewToken(), """{ "model": "mythomax", "messages": [ { "role": "wizard", "content": "hi" } ] }""")).ShouldBeAsync(422);

        body.Details().Should().Contain(("body/messages/0/role", "enum"));
    }

    [Fact]
    public async Task Json_body_is_limited_to_max_body_bytes_with_413()
    {
        var word = new string('a', (int)mock.Server.Settings.Current.MaxBodyBytes);

        var body = await (await mock.PostAsync("/api/account/blacklist", mock.NewToken(), $$"""{ "word": "{{word}}" }""")).ShouldBeAsync(413);

        body["code"]!.GetValue<int>().Should().Be(ErrorCodes.BodyTooLarge);
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_returns_413()
    {
        var bytes = Encoding.UTF8.GetBytes($$"""{ "word": "{{new string('a', (int)mock.Server.Settings.Current.MaxBodyBytes)}}" }""");

        var response = await mock.PostAsync("/api/account/blacklist", mock.NewToken(), configure: r =>
        {
            r.Content = new StreamContent(new MemoryStream(bytes));
            r.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            r.Headers.TransferEncodingChunked = true;
        });

        await response.ShouldBeAsync(413);
    }

    [Fact]
    public async Task Multipart_body_has_its_own_larger_limit()
    {
        var token = mock.NewToken();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[2 * 1024 * 1024]), "file", "big.bin" } };

        var response = await mock.PostAsync("/engine/api/assets", token, configure: r => r.Content = form);

        (await response.ShouldBeAsync(200))["size"]!.GetValue<long>().Should().Be(2 * 1024 * 1024);
    }

    [Fact]
    public async Task The_real_file_system_is_never_read()
    {
        var body = await (await mock.GetAsync("/engine/api/file?url=file:///etc/passwd", mock.NewToken())).ShouldBeAsync(404);

        body.ToJsonString().Should().NotContain("root:");
    }

    [Fact]
    public async Task Another_users_resource_returns_403()
    {
        var body = await (await mock.PutAsync("/api/project/172701/metadata", mock.NewToken(), """{ "title": "Mine now" }""")).ShouldBeAsync(403);

        body["code"]!.GetValue<int>().Should().Be(ErrorCodes.NotOwner);
    }

    [Fact]
    public async Task Unknown_resource_returns_404()
    {
        var body = await (await mock.PutAsync("/api/project/999999/metadata", mock.NewToken(), """{ "title": "Nobody's" }""")).ShouldBeAsync(404);

        body["code"]!.GetValue<int>().Should().Be(ErrorCodes.ResourceNotFound);
    }

    [Fact]
    public async Task Seed_style_json_sent_as_form_content_type_is_read_as_json()
    {
        var response = await mock.PostAsync("/api/core/characters", mock.NewToken(), configure: r =>
            r.Content = new StringContent("""{ "name": "Hero" }""", Encoding.UTF8, "application/x-www-form-urlencoded"));

        (await response.ShouldBeAsync(200))["name"]!.GetValue<string>().Should().Be("Hero");
    }
}
