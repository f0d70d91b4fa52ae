# workerd's configuration for the worker bundled by esbuild into out/ (README, "Workers without
# Wrangler"): the bundle and the kernels' .wasm beside it are the worker's two modules.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "*:8080", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "out/worker.js"),
    (name = "cortado.wasm", wasm = embed "out/cortado.wasm"),
  ],
  compatibilityDate = "2025-09-01",
);
