# workerd configuration for the runtime suite: one worker, the esbuild bundle of harness.js plus
# the kernels' .wasm that esbuild copied beside it (its name is filled in by the test). The
# socket's address is set by the test with --socket-addr http=127.0.0.1:<free port>.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "harness.js", esModule = embed "out/harness.js"),
    (name = "WASM_FILE", wasm = embed "out/WASM_FILE"),
  ],
  compatibilityDate = "2025-09-01",
);
