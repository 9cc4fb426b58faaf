using Syncline.Server.Wire;

namespace Syncline.Server.Hosting;

/// <summary>Puts the caller's <c>x-client-id</c> into the log scope of the request, so every line about it names the device.</summary>
internal static class ClientIdLogScope
{
    public static IApplicationBuilder UseClientIdLogScope(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var clientId = context.Request.Headers[SyncHeaders.ClientId].LastOrDefault();
        if (string.IsNullOrEmpty(clientId))
        {
            await next(context);
            return;
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Syncline.Server");
        // Bounded, so a hostile header cannot flood the logs.
        using (Log.ClientIdScope(logger, clientId.Length > 100 ? clientId[..100] : clientId))
        {
            await next(context);
        }
    });
}
