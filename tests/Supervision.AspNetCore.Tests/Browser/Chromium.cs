using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Supervision.AspNetCore.Tests.Browser;

/// <summary>
/// Debian's headless Chromium driven through its chromedriver (packages <c>chromium</c> and <c>chromium-driver</c>,
/// installed by .ci/run): one browser for a test class, a fresh profile, nothing that reaches the network by itself.
/// </summary>
public sealed class Chromium : IDisposable
{
    private const string Browser = "/usr/bin/chromium";
    private const string DriverFolder = "/usr/bin";
    private const string DriverFile = "chromedriver";

    private readonly DirectoryInfo _profile = Directory.CreateTempSubdirectory("supervision-chromium-");

    public Chromium()
    {
        if (!File.Exists(Browser) || !File.Exists(Path.Combine(DriverFolder, DriverFile)))
        {
            throw new InvalidOperationException($"{Browser} or {DriverFolder}/{DriverFile} is missing: apt-get install chromium chromium-driver");
        }

        ChromeDriverService service = ChromeDriverService.CreateDefaultService(DriverFolder, DriverFile);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = Browser };
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1200,900",
            $"--user-data-dir={_profile.FullName}");
        Driver = new ChromeDriver(service, options, TestTimeouts.Wait * 2);
        Driver.Manage().Timeouts().PageLoad = TestTimeouts.Wait;
    }

    public ChromeDriver Driver { get; }

    /// <summary>Waits (bounded, generously: the machine may be busy) until <paramref name="condition"/> holds.</summary>
    public T WaitFor<T>(Func<IWebDriver, T> condition, string what)
    {
        var wait = new WebDriverWait(Driver, TestTimeouts.Wait) { PollingInterval = TimeSpan.FromMilliseconds(100), Message = what };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException), typeof(NoAlertPresentException));
        return wait.Until(condition);
    }

    /// <summary>The text of one cell of an instance's row (<c>state</c>, <c>restarts</c>, <c>uptime</c>, <c>exit</c>…).</summary>
    public string Cell(string instance, string cell) =>
        Driver.FindElement(By.CssSelector($"tr[data-instance='{instance}'] td.{cell}")).Text;

    /// <summary>Accepts the confirmation the page asks before an action.</summary>
    public string AcceptConfirmation()
    {
        IAlert alert = WaitFor(d => d.SwitchTo().Alert(), "a confirmation");
        string question = alert.Text ?? string.Empty;
        alert.Accept();
        return question;
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be writing its profile as it exits; a temporary folder may stay.
        }
    }
}
