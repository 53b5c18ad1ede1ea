// Bare Kestrel: the same slim host and terminal middleware the mock uses, minus everything the mock does.
// Usage: BareKestrel <port> <body.json>
using System.Net;

var port = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
var body = await File.ReadAllBytesAsync(args[1]);

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k =>
{
    k.AddServerHeader = false;
    k.Listen(IPAddress.Loopback, port);
});

var app = builder.Build();
app.Run(http =>
{
    http.Response.StatusCode = 200;
    http.Response.ContentType = "application/json";
    http.Response.ContentLength = body.Length;
    return http.Response.Body.WriteAsync(body, 0, body.Length, http.RequestAborted);
});
await app.RunAsync();
