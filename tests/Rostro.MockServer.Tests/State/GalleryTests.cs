using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.State;

[Collection(MockServerCollection.Name)]
public sealed class GalleryTests(MockServerFixture mock)
{
    [Fact]
    public async Task Upload_of_something_that_is_not_an_image_reference_returns_422()
    {
        var body = await (await mock.PostAsync("/api/gallery/upload", mock.NewToken(), """{ "project_id": 172700, "image": "hello" }""")).ShouldBeAsync(422);

        body.Details().Should().Equal(("body/image", "value_error"));
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
}
