using System.Text.Json.Nodes;
using Newtonsoft.Json;
using WireMock.Admin.Mappings;

namespace Rostro.WireMock.Tests.Export;

/// <summary>The export's files: layout, contents in both formats, and what it leaves alone. (Loading them into WireMock.Net and Java WireMock is swept in Answers/.)</summary>
public sealed class MappingExportTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rostro-export-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Export_writes_one_file_per_operation_in_each_format_holding_every_stub()
    {
        var stubs = RostroStubs.Embedded;
        MappingExport.Write(stubs, _root);
        var expectedFiles = stubs.Select(s => $"rostro-{s.OperationId}.json").Distinct().Order().ToList();

        var net = Path.Combine(_root, "__admin", "mappings");
        Directory.EnumerateFiles(net).Select(Path.GetFileName).Order().Should().Equal(expectedFiles);
        var netIds = Directory.EnumerateFiles(net)
            .SelectMany(f => JsonConvert.DeserializeObject<MappingModel[]>(File.ReadAllText(f))!)
            .Select(m => m.Guid!.Value);
        netIds.Should().BeEquivalentTo(stubs.Select(s => s.Id));

        var java = Path.Combine(_root, "mappings");
        Directory.EnumerateFiles(java).Select(Path.GetFileName).Order().Should().Equal(expectedFiles);
        var javaIds = Directory.EnumerateFiles(java)
            .SelectMany(f => JsonNode.Parse(File.ReadAllText(f))!["mappings"]!.AsArray())
            .Select(m => Guid.Parse(m!["id"]!.GetValue<string>()));
        javaIds.Should().BeEquivalentTo(stubs.Select(s => s.Id));
    }

    [Fact]
    public void Exporting_twice_writes_the_same_bytes()
    {
        MappingExport.Write(RostroStubs.Embedded, _root);
        var first = Snapshot();
        MappingExport.Write(RostroStubs.Embedded, _root);
        Snapshot().Should().Equal(first);
    }

    [Fact]
    public void Export_replaces_its_own_files_removes_stale_ones_and_keeps_yours()
    {
        var java = Directory.CreateDirectory(Path.Combine(_root, "mappings")).FullName;
        File.WriteAllText(Path.Combine(java, "my-stub.json"), """{"request":{"urlPath":"/mine"},"response":{"status":200}}""");
        File.WriteAllText(Path.Combine(java, "rostro-anOperationTheSpecDropped.json"), "{}");

        MappingExport.Write(RostroStubs.Embedded, _root);

        File.Exists(Path.Combine(java, "my-stub.json")).Should().BeTrue();
        File.Exists(Path.Combine(java, "rostro-anOperationTheSpecDropped.json")).Should().BeFalse();
    }

    [Theory]
    [InlineData("mappings", "Java WireMock")]
    [InlineData("__admin/mappings", "WireMock.Net")]
    public async Task The_mock_loads_the_exported_folder_of_either_form_as_your_own_stubs(string folder, string form)
    {
        MappingExport.Write(RostroStubs.Embedded, _root);

        await using var mock = await MockServer.RostroMock.StartAsync(new MockServer.MockServerOptions { StubMappingsDirectory = Path.Combine(_root, folder) });
        using var http = new HttpClient { BaseAddress = mock.BaseAddress };
        http.DefaultRequestHeaders.Add("Authorization", "Bearer export");
        using var answer = await http.GetAsync("v1/models");
        var journal = JsonNode.Parse(await http.GetStringAsync("__admin/requests?limit=1"))!["requests"]![0]!;

        mock.Stubs.Count.Should().Be(RostroStubs.Embedded.Count, "every stub the export wrote is loaded, none refused");
        answer.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        journal["stub"]!["form"]!.GetValue<string>().Should().Be(form, "a generated stub answered, read in the folder's form");
    }

    private List<(string, string)> Snapshot() =>
        [.. Directory.EnumerateFiles(_root, "*.json", SearchOption.AllDirectories).Order().Select(f => (f, File.ReadAllText(f)))];
}
