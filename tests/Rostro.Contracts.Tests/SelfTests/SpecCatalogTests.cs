using Rostro.Contracts.Tests.Checks;
using Rostro.MockServer;

namespace Rostro.Contracts.Tests.SelfTests;

/// <summary>Which operation a request addresses, for the suite's safety rules and its coverage: as the mock's router decides it.</summary>
public sealed class SpecCatalogTests
{
    [Theory]
    [InlineData("GET", "/config/v1/models", "listModelsForModel")]
    [InlineData("DELETE", "/config/v1/models", "deleteConfig")]
    [InlineData("POST", "/chub/mythomax/v1/chat/completions", "createChubChatCompletion")]
    [InlineData("GET", "/v1/models", "listModels")]
    [InlineData("HEAD", "/v1/models", "listModels")]
    [InlineData("DELETE", "/api/gallery/upload", "deleteGalleryImage")]
    public void A_request_addresses_the_operation_the_mock_routes_it_to(string method, string path, string operationId)
    {
        SpecCatalog.Instance.Match(method, path)!.OperationId.Should().Be(operationId);
    }

    [Fact]
    public void The_template_a_path_is_taken_for_is_the_one_the_mock_tries_first()
    {
        // Counting literal segments would take /{model}/v1/models (two literals) before /config/{config_id}/{sub_id} (one).
        SpecCatalog.Instance.MatchTemplate("/config/v1/models").Should().Be("/config/{config_id}/{sub_id}");
        SpecCatalog.Instance.MethodsAt("/config/v1/models").Should().BeEquivalentTo(["POST", "DELETE", "GET"]);
    }

    [Fact]
    public async Task The_suite_and_the_running_mock_agree_on_the_operation_of_every_operation_s_own_path()
    {
        await using var mock = await RostroMock.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };
        http.DefaultRequestHeaders.Add("Authorization", "Bearer catalog");
        SpecCatalog.Instance.Operations.Should().NotBeEmpty();

        foreach (var operation in SpecCatalog.Instance.Operations.Where(o => o.Method == "GET"))
        {
            var path = System.Text.RegularExpressions.Regex.Replace(operation.PathTemplate, "{[^}]+}", "config");
            using var response = await http.GetAsync(path.TrimStart('/'), TestContext.Current.CancellationToken);
            var journal = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("__admin/requests?limit=1", TestContext.Current.CancellationToken))!["requests"]![0]!;

            SpecCatalog.Instance.Match("GET", path)!.OperationId.Should().Be(journal["operationId"]!.GetValue<string>(), "GET {0}", path);
        }
    }
}
