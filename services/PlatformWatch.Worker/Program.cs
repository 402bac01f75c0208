using PlatformWatch.Hosting.CommandLine;
using PlatformWatch.Worker;

// platformwatch-worker: the worker program. Exit codes: 0 stopped, 1 failed, 2 usage error,
// 4 stopped itself because it could not consume (Bus:RestartWhenNotConsumingFor), for its service
// manager to start it again.
return await ProgramRunner.RunAsync(WorkerProgram.Create(), args, "platformwatch-worker");
