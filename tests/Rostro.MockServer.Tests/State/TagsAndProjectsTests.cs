using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.State;

[Collection(MockServerCollection.Name)]
public sealed class TagsAndProjectsTests(MockServerFixture mock)
{
    private async Task<int> CountOf(string token, string tag)
    {
        var body = await (await mock.PostAsync("/tags", token, "{}")).ShouldBeAsync(200);
        return body["tags"]!.AsArray().Where(t => t!["name"]!.GetValue<string>() == tag).Select(t => t!["count"]!.GetValue<int>()).FirstOrDefault();
    }

    [Fact]
    public async Task Added_tag_is_counted_then_removed()
    {
        var token = mock.NewToken();

        await (await mock.PostAsync("/api/tags/172700/cool", token)).ShouldBeAsync(200);
        (await CountOf(token, "cool")).Should().Be(1);

        await (await mock.DeleteAsync("/api/tags/172700/cool", token)).ShouldBeAsync(200);
        (await CountOf(token, "cool")).Should().Be(0);
        await (await mock.DeleteAsync("/api/tags/172700/cool", token)).ShouldBeAsync(404);
    }

    [Fact]
    public async Task Tags_are_filtered_by_namespace_and_limited()
    {
        var body = await (await mock.PostAsync("/tags", json: """{ "namespace": "creatures", "limit": 1 }""")).ShouldBeAsync(200);

        body["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Should().Equal("dragon");
    }

    [Fact]
    public async Task Metadata_update_is_visible_in_search()
    {
        var token = mock.NewToken();

        await (await mock.PutAsync("/api/project/172700/metadata", token, """{ "title": "Quest of Zyx", "tags": ["fantasy", "quest"] }""")).ShouldBeAsync(200);

        var found = await (await mock.GetAsync("/search?search=zyx", token)).ShouldBeAsync(200);
        found["results"]!.AsArray().Should().ContainSingle().Which!["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("fantasy", "quest");
    }

    [Fact]
    public async Task Search_filters_by_tags_and_sorts_by_download_count()
    {
        var body = await (await mock.GetAsync("/search?tags=fantasy&sort=download_count", mock.NewToken())).ShouldBeAsync(200);

        var ids = body["results"]!.AsArray().Select(r => r!["id"]!.GetValue<long>()).ToList();
        ids.First().Should().Be(1);
        body["count"]!.GetValue<int>().Should().Be(ids.Count);
    }
}
