using System.Net;
using Syncline.Simulation.Tests.Support;
using Syncline.Testing.Servers;

namespace Syncline.Simulation.Tests;

public sealed class KillableServerTests
{
    [Fact]
    public async Task A_killed_server_restarts_on_its_files_with_what_it_had_committed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await KillableServer.StartAsync(ct);
        using (var api = server.Api("alice"))
        {
            Assert.Equal(HttpStatusCode.OK, (await api.PushAsync(0, Mutations.Bookmark(2, 255))).Status);
        }

        await server.KillAsync();
        await server.RestartAsync(ct);

        using var after = server.Api("alice");
        Assert.Contains(await after.PullAllAsync(), e => e["resource"]!.GetValue<string>() == "BOOKMARK");
        Assert.Equal(1, server.Kills);
    }
}
