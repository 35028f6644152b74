global using Supervision.Testing;
