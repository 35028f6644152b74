global using Supervision.Extensions.Configuration;
global using Supervision.Extensions.Hosting;
global using Supervision.Extensions.Procfiles;
global using Supervision.Extensions.Registration;
global using Supervision.Processes;
global using Supervision.Testing;
global using Supervision.Timing;
