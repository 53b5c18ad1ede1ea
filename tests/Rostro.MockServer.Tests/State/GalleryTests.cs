using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.State;

[Collection(MockServerCollection.Name)]
public sealed class GalleryTests(MockServerFixture mock)
{
    [Fact]
    public async Task Uploaded_image_is_listed_then_deleted_then_404()
    {
        var token = mock.NewToken();
        var uploaded = await (await mock.PostAsync("/api/gallery/upload", token, """{ "project_id": 172700, "image": "data:image/png;base64,iVBORw0KGgo=", "caption": "New" }""")).ShouldBeAsync(200);
        var uuid = uploaded["uuid"]!.GetValue<string>();

        var listed = await (await mock.GetAsync("/api/gallery/project/172700", token)).ShouldBeAsync(200);
        listed["nodes"]!.AsArray().Select(n => n!["uuid"]!.GetValue<string>()).Should().Contain(uuid);

        await (await mock.DeleteAsync($"/api/gallery/{uuid}", token)).ShouldBeAsync(200);
        await (await mock.DeleteAsync($"/api/gallery/{uuid}", token)).ShouldBeAsync(404);
        var after = await (await mock.GetAsync("/api/gallery/project/172700", token)).ShouldBeAsync(200);
        after["nodes"]!.AsArray().Select(n => n!["uuid"]!.GetValue<string>()).Should().NotContain(uuid);
    }

    [Fact]
    public async Task Upload_to_another_users_project_returns_403()
    {
        await (await mock.PostAsync("/api/gallery/upload", mock.NewToken(), """{ "project_id": 172701, "image": "https://example.com/a.png" }""")).ShouldBeAsync(403);
    }

    [Fact]
    public async Task Upload_of_something_that_is_not_an_image_reference_returns_422()
    {
        var body = await (await mock.PostAsync("/api/gallery/upload", mock.NewToken(), """{ "project_id": 172700, "image": "hello" }""")).ShouldBeAsync(422);

        body.Details().Should().Equal(("body/image", "value_error"));
    }

    [Fact]
    public async Task Deleting_another_users_image_without_a_project_returns_403()
    {
        await (await mock.DeleteAsync("/api/gallery/7c9e6679-7425-40de-944b-e07fc1f90ae7", mock.NewToken())).ShouldBeAsync(403);
    }

    [Fact]
    public async Task Abbreviated_uuid_of_the_documentation_names_the_fixture_image()
    {
        var token = mock.NewToken();

        await (await mock.DeleteAsync("/api/gallery/3e41a43b-...", token)).ShouldBeAsync(200);

        await (await mock.DeleteAsync("/api/gallery/3e41a43b-9f1c-4d7e-a8b2-5c6d7e8f9a01", token)).ShouldBeAsync(404);
    }

    [Fact]
    public async Task Nsfw_false_hides_nsfw_images_and_count_false_omits_the_count()
    {
        var token = mock.NewToken();
        var all = await (await mock.GetAsync("/api/gallery", token)).ShouldBeAsync(200);
        var safe = await (await mock.GetAsync("/api/gallery?nsfw=false&count=false", token)).ShouldBeAsync(200);

        safe["nodes"]!.AsArray().Count.Should().Be(all["nodes"]!.AsArray().Count - 1);
        safe.AsObject().ContainsKey("count").Should().BeFalse();
    }

    [Fact]
    public async Task Gallery_pages_by_limit()
    {
        var body = await (await mock.GetAsync("/api/gallery?limit=1&page=2", mock.NewToken())).ShouldBeAsync(200);

        body["nodes"]!.AsArray().Should().ContainSingle();
        body["page"]!.GetValue<int>().Should().Be(2);
    }
}
