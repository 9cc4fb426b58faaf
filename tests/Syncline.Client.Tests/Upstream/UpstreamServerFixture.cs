using Syncline.Testing.Upstream;

namespace Syncline.Client.Tests.Upstream;

/// <summary>One upstream-shaped server for a test class; each test uses its own user (<see cref="Support.UpstreamDevices"/>).</summary>
public sealed class UpstreamServerFixture : IAsyncLifetime
{
    public UpstreamServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Server = await UpstreamServer.StartAsync(new Dictionary<string, string>(), cancellationToken: TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
