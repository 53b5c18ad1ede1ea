using System.Text;
using Rostro.MockServer.Tests.Infrastructure;

namespace Rostro.MockServer.Tests.Seeds;

/// <summary>Every example request of the Standard API documentation (openapi/seeds/000_*.txt), sent as written with a token, succeeds.</summary>
[Collection(MockServerCollection.Name)]
public sealed class SeedExampleTests(MockServerFixture mock)
{
    private static readonly string[] s_placeholders = ["<token>", "YOUR_TOKEN", "YOUR_API_KEY", "<your_token>", "<your_api_key>"];

    private static readonly Lazy<IReadOnlyList<SeedCurl>> Commands = new(() =>
    {
        var file = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Seeds"), "000_*.txt").Single();
        return SeedCurl.ReadAll(File.ReadAllText(file));
    });

    [Fact]
    public void The_seed_documentation_yields_every_example_request()
    {
        // 54 examples under "Example Request:" plus the two of the authentication snippet.
        Commands.Value.Should().HaveCount(56);
        Commands.Value.Select(c => c.Url).Should().OnlyContain(u => u.StartsWith("https://api.rostro.dev/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_seed_example_request_sent_in_order_gets_a_successful_documented_answer()
    {
        var token = mock.NewToken();
        var failures = new List<string>();

        foreach (var command in Commands.Value)
        {
            // Deleting the account ends the session of its token, so that example gets a token of its own.
            var own = command.Method == "DELETE" && command.Url.EndsWith("/api/account", StringComparison.Ordinal) ? mock.NewToken() : token;
            using var request = ToRequest(command, own);
            using var response = await mock.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;

            if (IsCuratedAway(command))
            {
                // CURATION.md §15: the path model must be one of the model list; the seed's "gpt-4" is OpenAI's copy-paste.
                status.Should().Be(422, "{0} uses a model outside the spec's enum", command);
                text.Should().Contain("\"loc\":[\"path\",\"model\"]");
                continue;
            }

            if (status is < 200 or >= 300)
            {
                failures.Add($"{command}: {status} {text}");
            }
        }

        failures.Should().BeEmpty();
        mock.AssertHealthy();
    }

    [Fact]
    public async Task Each_seed_example_also_succeeds_alone_in_a_fresh_world_unless_it_undoes_an_earlier_one()
    {
        var failures = new List<string>();
        var undo = new[] { "DELETE /api/tags/172700/cool", "DELETE /follow/tag/anime", "DELETE /api/follow/User1", "DELETE /api/account/block/user/BadGuy", "POST /api/account/blacklist/remove" };

        foreach (var command in Commands.Value.Where(c => !IsCuratedAway(c)))
        {
            var key = $"{command.Method} {new Uri(command.Url).AbsolutePath}";
            using var request = ToRequest(command, mock.NewToken());
            using var response = await mock.Http.SendAsync(request);
            var status = (int)response.StatusCode;
            var expected = undo.Contains(key) ? 404 : 200;
            if (status != expected)
            {
                failures.Add($"{command}: {status}, expected {expected}");
            }
        }

        failures.Should().BeEmpty();
    }

    private static bool IsCuratedAway(SeedCurl command) => command.Url.Contains("/chub/gpt-4/", StringComparison.Ordinal);

    private HttpRequestMessage ToRequest(SeedCurl command, string token)
    {
        var url = new Uri(command.Url);
        var request = new HttpRequestMessage(new HttpMethod(command.Method), new Uri(mock.Server.BaseAddress, url.PathAndQuery.TrimStart('/')));
        string? contentType = null;
        foreach (var (name, value) in command.Headers)
        {
            var sent = s_placeholders.Aggregate(value, (v, placeholder) => v.Replace(placeholder, token, StringComparison.Ordinal));
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = sent;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, sent).Should().BeTrue();
            }
        }

        if (command.Data is not null)
        {
            // curl -d without a Content-Type sends application/x-www-form-urlencoded: so does this test.
            request.Content = new StringContent(command.Data, Encoding.UTF8);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType ?? "application/x-www-form-urlencoded");
        }
        else if (command.Form.Count > 0)
        {
            var form = new MultipartFormDataContent();
            foreach (var (name, value) in command.Form)
            {
                if (value.StartsWith('@'))
                {
                    form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("Once upon a time, a dragon.")), name, value[1..]);
                }
                else
                {
                    form.Add(new StringContent(value), name);
                }
            }

            request.Content = form;
        }

        return request;
    }
}
