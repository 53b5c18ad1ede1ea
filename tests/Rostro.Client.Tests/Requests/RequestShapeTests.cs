using System.Text;
using System.Text.Json;
using Rostro.Client.Tests.Infrastructure;

namespace Rostro.Client.Tests.Requests;

public class RequestShapeTests
{
    private readonly RecordingHandler _handler = new();

    [Fact]
    public async Task GetLoreItems_sends_owner_ids_as_a_repeated_query_parameter_without_a_body()
    {
        await Clients.Create<LoreClient>(_handler).GetLoreItemsAsync([123, 456]);

        var request = _handler.Single;
        request.Method.Should().Be("GET");
        request.Path.Should().Be("/base/lore/items");
        request.Query.Should().Be("?owner_ids=123&owner_ids=456");
        request.Body.Should().BeNull();
        request.Header("Accept").Should().Be("application/json");
    }

    [Fact]
    public async Task AddLoreItem_sends_multipart_form_data_with_the_file_and_text_metadata()
    {
        await Clients.Create<LoreClient>(_handler).AddLoreItemAsync(
            new FileParameter(new MemoryStream("lore text"u8.ToArray()), "notes.txt", "text/plain"), """{"owner_id": 123}""");

        var request = _handler.Single;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/base/lore/item");
        request.Header("Content-Type").Should().StartWith("multipart/form-data; boundary=");
        request.Parts.Should().HaveCount(2);
        request.Parts[0].Should().Match<RecordedPart>(p => p.Name == "file" && p.FileName == "notes.txt" && p.ContentType == "text/plain");
        request.Parts[0].Text.Should().Be("lore text");
        request.Parts[1].Name.Should().Be("metadata");
        request.Parts[1].ContentType.Should().StartWith("text/plain");
        request.Parts[1].Text.Should().Be("""{"owner_id": 123}""");
        Encoding.UTF8.GetString(request.Body!).Should().Contain("lore text").And.Contain("name=metadata");
    }

    [Fact]
    public async Task AddLoreItem_without_the_optional_metadata_sends_the_file_alone()
    {
        await Clients.Create<LoreClient>(_handler).AddLoreItemAsync(new FileParameter(new MemoryStream("lore text"u8.ToArray()), "notes.txt"));

        _handler.Single.Parts.Select(p => p.Name).Should().Equal("file");
    }

    [Fact]
    public async Task AddLoreItem_refuses_a_null_file_before_sending()
    {
        var call = () => Clients.Create<LoreClient>(_handler).AddLoreItemAsync(null!);

        (await call.Should().ThrowAsync<ArgumentNullException>()).Which.ParamName.Should().Be("file");
        _handler.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task CreateAsset_sends_multipart_form_data_with_binary_file()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF];
        await Clients.Create<EngineClient>(_handler).CreateAssetAsync(new FileParameter(new MemoryStream(png), "a.png", "image/png"), "{}");

        var request = _handler.Single;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/base/engine/api/assets");
        request.Parts.Select(p => p.Name).Should().Equal("file", "metadata");
        request.Parts[0].Body.Should().Equal(png);
    }

    [Fact]
    public async Task Path_parameters_are_escaped_into_the_path()
    {
        await Clients.Create<LoreClient>(_handler).DeleteLoreItemAsync(42, "a b/c");

        var request = _handler.Single;
        request.Method.Should().Be("DELETE");
        request.Uri.AbsoluteUri.Should().Be("https://rostro.test/base/lore/42/item/a%20b%2Fc");
    }

    [Fact]
    public async Task Query_parameters_keep_their_wire_names_and_booleans_are_lower_case()
    {
        await Clients.Create<GalleryClient>(_handler).GetProjectGalleryAsync(7, nsfw: false, page: 2, limit: 24, count: true);
        await Clients.Create<GalleryClient>(_handler).DeleteGalleryImageAsync("uuid-1", projectId: 9);

        _handler.Requests[0].Path.Should().Be("/base/api/gallery/project/7");
        _handler.Requests[0].Query.Should().Be("?nsfw=false&page=2&limit=24&count=true");
        _handler.Requests[1].Method.Should().Be("DELETE");
        _handler.Requests[1].Path.Should().Be("/base/api/gallery/uuid-1");
        _handler.Requests[1].Query.Should().Be("?projectId=9");
    }

    [Fact]
    public async Task Unset_optional_query_parameters_are_left_out()
    {
        await Clients.Create<SearchClient>(_handler).SearchAsync(search: "dragons");

        _handler.Single.Query.Should().Be("?search=dragons");
    }

    [Fact]
    public async Task Enum_path_parameters_use_their_wire_values()
    {
        await Clients.Create<AccountClient>(_handler).BlockAsync(BlockType.Tag, "gore");
        await Clients.Create<MimicClient>(_handler).ListChubModelsAsync(ModelId.Mythomax);

        _handler.Requests[0].Method.Should().Be("POST");
        _handler.Requests[0].Path.Should().Be("/base/api/account/block/tag/gore");
        _handler.Requests[1].Method.Should().Be("GET");
        _handler.Requests[1].Path.Should().Be("/base/chub/mythomax/v1/models");
    }

    [Fact]
    public async Task Chat_completion_body_uses_wire_names_sends_only_what_was_set_and_a_plain_string_content()
    {
        await Clients.Create<MimicClient>(_handler).CreateChatCompletionAsync(new CreateChatCompletionRequest
        {
            Model = "mythomax",
            Messages = [new ChatCompletionRequestMessage { Role = ChatCompletionRequestMessageRole.User, Content = "Hello" }],
            MaxCompletionTokens = 16,
            Stop = "\n",
            ToolChoice = ToolChoice.Auto,
        });

        var request = _handler.Single;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/base/v1/chat/completions");
        request.Header("Content-Type").Should().Be("application/json");
        var body = request.Json;
        body.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("model", "messages", "max_completion_tokens", "stop", "tool_choice");
        body.GetProperty("messages")[0].GetRawText().Should().Be("""{"role":"user","content":"Hello"}""");
        body.GetProperty("stop").GetString().Should().Be("\n");
        body.GetProperty("tool_choice").GetString().Should().Be("auto");
    }

    [Fact]
    public async Task Optional_body_may_be_omitted_on_a_public_operation()
    {
        await Clients.Create<TagsClient>(_handler, RostroCredentialKind.None, credential: null).GetTagsAsync();

        var request = _handler.Single;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/base/tags");
        request.Header("Authorization").Should().BeNull();
    }

    [Fact]
    public async Task Json_body_of_a_path_parameter_operation_is_serialised_with_wire_names()
    {
        await Clients.Create<RatingsClient>(_handler).RateProjectAsync(172700, new RatingRequest { Rating = 5 });

        var request = _handler.Single;
        request.Path.Should().Be("/base/api/project/172700/rate");
        request.Json.GetRawText().Should().Be("""{"rating":5}""");
    }

    [Fact]
    public async Task Responses_are_deserialised_into_the_generated_types()
    {
        _handler.Respond = () => RecordingHandler.Json(System.Net.HttpStatusCode.OK,
            """{"object":"list","data":[{"id":"mythomax","object":"model","created":1,"owned_by":"rostro"}]}""");

        var models = await Clients.Create<MimicClient>(_handler).ListModelsAsync();

        models.Data.Should().ContainSingle().Which.OwnedBy.Should().Be("rostro");
        JsonSerializer.Serialize(models.Data.Single().Id).Should().Be("\"mythomax\"");
    }
}
