using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Supervision.AspNetCore.Tests.Fakes;

/// <summary>
/// Authenticates a request that carries <c>Authorization: Test NAME</c> as NAME, with the role NAME too;
/// or every request, as <c>operator</c>, when the test says so (a browser cannot easily add headers).
/// </summary>
public sealed class TestAuthenticationHandler(IOptionsMonitor<TestAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<TestAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? name = Options.EveryoneIs;
        string? header = Request.Headers.Authorization;
        if (header is not null && header.StartsWith(SchemeName + " ", StringComparison.Ordinal))
        {
            name = header[(SchemeName.Length + 1)..];
        }

        if (name is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, name)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}

public sealed class TestAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>When set, every request is authenticated as this user.</summary>
    public string? EveryoneIs { get; set; }
}
