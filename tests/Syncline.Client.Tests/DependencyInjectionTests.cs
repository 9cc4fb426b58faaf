using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Syncline.Client.Tests.Support;

namespace Syncline.Client.Tests;

/// <summary>The client in a generic host: registered by one call, syncing in the background for the host's lifetime.</summary>
public sealed class DependencyInjectionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_hosted_client_pushes_local_writes_in_the_background()
    {
        var ct = TestContext.Current.CancellationToken;
        var userId = $"host-{Guid.NewGuid():N}";
        var directory = Directory.CreateTempSubdirectory("syncline-host-").FullName;
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSynclineClient(o =>
        {
            o.ServerUrl = fixture.Server.BaseAddress;
            o.DatabasePath = Path.Combine(directory, "app.db");
            o.TokenProvider = _ => ValueTask.FromResult(fixture.Server.Token(userId));
            o.SyncDebounce = TimeSpan.FromMilliseconds(20);
        });
        builder.Services.AddSynclineBackgroundSync();
        using var host = builder.Build();
        await host.StartAsync(ct);
        var client = host.Services.GetRequiredService<SyncClient>();
        var synced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.SyncCompleted += (_, result) =>
        {
            if (result.Pushed > 0)
            {
                synced.TrySetResult();
            }
        };

        await client.Notes.AddAsync("pushed by the hosted service", ["1:1-1:2"], cancellationToken: ct);
        await synced.Task.WaitAsync(TimeSpan.FromSeconds(20), ct);
        await host.StopAsync(ct);

        using var api = fixture.Server.Api(userId);
        Assert.Contains(await api.PullAllAsync(), e => e["data"]!["body"]?.GetValue<string>() == "pushed by the hosted service");
        await client.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void Missing_options_are_reported_by_name_when_the_client_is_first_resolved()
    {
        var services = new ServiceCollection();
        services.AddSynclineClient(o => o.DatabasePath = "unused.db");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<SyncClient>());

        Assert.Contains("ServerUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_bind_from_configuration_and_stay_as_configured()
    {
        var directory = Directory.CreateTempSubdirectory("syncline-config-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Syncline:ServerUrl"] = "http://127.0.0.1:5080/auth/",
            ["Syncline:DatabasePath"] = Path.Combine(directory, "app.db"),
            ["Syncline:Profile"] = "Upstream",
            ["Syncline:ClientId"] = "app-1",
            ["Syncline:PullPageSize"] = "250",
            ["Syncline:PollInterval"] = "00:01:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddSynclineClient(configuration.GetSection("Syncline"), o => o.TokenProvider = _ => ValueTask.FromResult("token"));

        await using (var provider = services.BuildServiceProvider())
        {
            Assert.NotNull(provider.GetRequiredService<SyncClient>());
            var options = provider.GetRequiredService<IOptions<SyncClientOptions>>().Value;
            Assert.Equal(new Uri("http://127.0.0.1:5080/auth/"), options.ServerUrl);
            Assert.Equal(ServerProfile.Upstream, options.Profile);
            Assert.Equal("app-1", options.ClientId);
            Assert.Equal(250, options.PullPageSize);
            Assert.Equal(TimeSpan.FromMinutes(1), options.PollInterval);
            // The container's named HttpClient went to the client beside the options, not into them.
            Assert.Null(options.HttpClient);
        }

        Directory.Delete(directory, recursive: true);
    }
}
