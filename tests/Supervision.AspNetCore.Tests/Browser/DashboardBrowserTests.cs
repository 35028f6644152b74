using OpenQA.Selenium;
using Supervision.AspNetCore.Tests.Fakes;

namespace Supervision.AspNetCore.Tests.Browser;

/// <summary>The dashboard in a real browser, against a real host: what an operator sees and does.</summary>
public sealed class DashboardBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact(Timeout = TestTimeouts.BrowserTest)]
    public async Task I_see_every_instance_appear_with_its_state()
    {
        await using TestApp app = await TestApp.StartAsync(everyoneIs: "ops");

        await OpenAsync(app);

        foreach (string instance in new[] { "web.1", "web.2", "worker.1" })
        {
            chromium.WaitFor(_ => chromium.Cell(instance, "state") == "Running", $"{instance} Running");
            Assert.Equal("0", chromium.Cell(instance, "restarts"));
        }

        Assert.Equal("Running", chromium.Driver.FindElement(By.Id("tree-state")).Text);
    }

    [Fact(Timeout = TestTimeouts.BrowserTest)]
    public async Task I_restart_an_instance_and_see_its_restart_count_change()
    {
        await using TestApp app = await TestApp.StartAsync(everyoneIs: "ops");
        await OpenAsync(app);
        chromium.WaitFor(_ => chromium.Cell("web.2", "state") == "Running", "web.2 Running");

        chromium.Driver.FindElement(By.CssSelector("tr[data-instance='web.2'] button.restart-instance")).Click();
        Assert.Equal("Restart web.2?", chromium.AcceptConfirmation());

        chromium.WaitFor(_ => chromium.Cell("web.2", "restarts") == "1", "web.2 restarted once");
        chromium.WaitFor(_ => chromium.Cell("web.2", "state") == "Running", "web.2 Running again");
        Assert.Equal(1, app.Instance("web.2").Restarts);
        Assert.Equal("0", chromium.Cell("web.1", "restarts"));
    }

    [Fact(Timeout = TestTimeouts.BrowserTest)]
    public async Task I_dismiss_the_confirmation_and_nothing_restarts()
    {
        await using TestApp app = await TestApp.StartAsync(everyoneIs: "ops");
        await OpenAsync(app);
        chromium.WaitFor(_ => chromium.Cell("web.1", "state") == "Running", "web.1 Running");

        chromium.Driver.FindElement(By.CssSelector("tr[data-instance='web.1'] button.restart-instance")).Click();
        chromium.WaitFor(d => d.SwitchTo().Alert(), "a confirmation").Dismiss();

        // The page's next action goes through: had the dismissed one been sent, web.1 would have restarted before it.
        chromium.Driver.FindElement(By.CssSelector("tr[data-instance='web.2'] button.restart-instance")).Click();
        chromium.AcceptConfirmation();
        chromium.WaitFor(_ => chromium.Cell("web.2", "restarts") == "1", "web.2 restarted once");
        Assert.Equal(0, app.Instance("web.1").Restarts);
    }

    [Fact(Timeout = TestTimeouts.BrowserTest)]
    public async Task I_see_a_crash_appear_live()
    {
        await using TestApp app = await TestApp.StartAsync(everyoneIs: "ops");
        await OpenAsync(app);
        chromium.WaitFor(_ => chromium.Cell("worker.1", "state") == "Running", "worker.1 Running");

        app.CrashSwitch.Crash("worker.1");

        chromium.WaitFor(_ => chromium.Cell("worker.1", "restarts") == "1", "worker.1 restarted after its crash");
        chromium.WaitFor(_ => chromium.Cell("worker.1", "exit").Contains("worker.1 crashed on demand", StringComparison.Ordinal), "the crash as last exit");
        chromium.WaitFor(
            d => d.FindElements(By.CssSelector("#events li.failure")).Any(li => li.Text.Contains("worker.1 Exited Failed", StringComparison.Ordinal)),
            "the crash in the event list");
    }

    [Fact(Timeout = TestTimeouts.BrowserTest)]
    public async Task I_see_a_crashed_childs_last_lines()
    {
        await using TestApp app = await TestApp.StartAsync(everyoneIs: "ops", withChild: true);
        await OpenAsync(app);
        chromium.WaitFor(_ => chromium.Cell("job.1", "state") == "Running", "job.1 Running");

        await app.Supervisor.SignalAsync("job", 1, "USR1", TestContext.Current.CancellationToken);

        // The crash opens the instance's output: what it said last, its error in red.
        IWebElement output = chromium.WaitFor<IWebElement?>(
            d => d.FindElement(By.CssSelector("tr[data-output='job.1'] pre")) is { Displayed: true } pre && pre.Text.Contains("fatal: lost the database", StringComparison.Ordinal) ? pre : null,
            "the crash's last lines on the page")!;
        Assert.Contains("job.1: ready", output.Text, StringComparison.Ordinal);
        Assert.Equal("fatal: lost the database", output.FindElement(By.CssSelector(".stderr")).Text);
    }

    [Fact(Timeout = TestTimeouts.BrowserTest)]
    public async Task I_see_an_instance_that_is_not_ready_yet_as_Starting()
    {
        await using TestApp app = await TestApp.StartAsync(everyoneIs: "ops", withUnready: true);
        await OpenAsync(app);
        chromium.WaitFor(_ => chromium.Cell("web.1", "state") == "Running", "web.1 Running");

        await app.Supervisor.ScaleAsync("db", 1, TestContext.Current.CancellationToken);

        // Its Started event says Starting: its probe has not passed, and the page does not call it Running.
        chromium.WaitFor(_ => chromium.Cell("db.1", "state") == "Starting", "db.1 Starting");
        Assert.Equal("started, not ready yet", chromium.Driver.FindElement(By.CssSelector("tr[data-instance='db.1'] td.state")).GetAttribute("title"));
        Assert.Equal(InstanceState.Starting, app.Instance("db.1").State);
    }

    [Fact(Timeout = TestTimeouts.BrowserTest)]
    public async Task I_send_a_signal_to_an_instance()
    {
        await using TestApp app = await TestApp.StartAsync(everyoneIs: "ops", withChild: true);
        await OpenAsync(app);
        chromium.WaitFor(_ => chromium.Cell("job.1", "state") == "Running", "job.1 Running");

        chromium.Driver.FindElement(By.CssSelector("tr[data-instance='job.1'] button.signal-instance")).Click();
        IAlert prompt = chromium.WaitFor(d => d.SwitchTo().Alert(), "the signal prompt");
        prompt.SendKeys("USR1");
        prompt.Accept();
        Assert.Equal("Send USR1 to job.1?", chromium.AcceptConfirmation());

        chromium.WaitFor(_ => chromium.Cell("job.1", "restarts") == "1", "job.1 restarted after the signal ended it");
        Assert.Contains(app.Supervisor.GetRecentOutput("job", 1), l => l.IsError && l.Text == "fatal: lost the database");
    }

    [Fact(Timeout = TestTimeouts.BrowserTest)]
    public async Task I_scale_a_type_and_see_the_new_instance()
    {
        await using TestApp app = await TestApp.StartAsync(everyoneIs: "ops");
        await OpenAsync(app);
        chromium.WaitFor(_ => chromium.Cell("web.2", "state") == "Running", "web.2 Running");

        IWebElement count = chromium.Driver.FindElement(By.CssSelector("section[data-type='web'] input.scale-count"));
        // Typed over a selection, not after Clear(): Clear() leaves the field, and the page refreshes a field the user is not in.
        count.SendKeys(Keys.Control + "a");
        count.SendKeys("3");
        chromium.Driver.FindElement(By.CssSelector("section[data-type='web'] button.scale")).Click();
        Assert.Equal("Scale web to 3?", chromium.AcceptConfirmation());

        chromium.WaitFor(_ => chromium.Cell("web.3", "state") == "Running", "web.3 Running");
        Assert.Equal(3, app.Supervisor.GetStatus().ProcessTypes[0].Count);
    }

    /// <summary>docs/dashboard.png comes from here: <c>eng/screenshot.sh</c> sets SUPERVISION_SCREENSHOT.</summary>
    [Fact(Timeout = TestTimeouts.BrowserTest)]
    public async Task The_page_can_be_captured_for_the_docs()
    {
        await using TestApp app = await TestApp.StartAsync(everyoneIs: "ops", withChild: true);
        await app.Supervisor.ScaleAsync("web", 3, TestContext.Current.CancellationToken);
        await OpenAsync(app);
        chromium.WaitFor(_ => chromium.Cell("web.3", "state") == "Running", "web.3 Running");
        app.CrashSwitch.Crash("worker.1");
        chromium.WaitFor(_ => chromium.Cell("worker.1", "restarts") == "1", "worker.1 restarted after its crash");
        chromium.WaitFor(_ => chromium.Cell("worker.1", "state") == "Running", "worker.1 Running again");
        await app.Supervisor.SignalAsync("job", 1, "USR1", TestContext.Current.CancellationToken);
        chromium.WaitFor(_ => chromium.Cell("job.1", "restarts") == "1", "job.1 restarted after its crash");
        chromium.WaitFor(
            d => d.FindElement(By.CssSelector("tr[data-output='job.1'] pre")).Text.EndsWith("job.1: ready", StringComparison.Ordinal),
            "job.1's output, its crash and its second run");

        byte[] png = chromium.Driver.GetScreenshot().AsByteArray;

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        if (Environment.GetEnvironmentVariable("SUPERVISION_SCREENSHOT") is { Length: > 0 } path)
        {
            await File.WriteAllBytesAsync(Path.Combine(RepositoryLayout.Root, path), png, TestContext.Current.CancellationToken);
        }
    }

    private async Task OpenAsync(TestApp app)
    {
        // The page's address without its slash: the dashboard redirects to the folder form its relative links need.
        await chromium.Driver.Navigate().GoToUrlAsync(app.Address.ToString().TrimEnd('/'));
        chromium.WaitFor(d => d.FindElement(By.Id("connection")).Text == "live", "the event stream open");
    }
}
