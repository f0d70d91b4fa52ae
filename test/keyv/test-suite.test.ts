// The published Keyv conformance suite (@keyv/test-suite, for keyv ^5) against CortadoStore:
// API, values and namespaces with Keyv's default serialization, and the iterator tests. Each
// Keyv gets its own adapter (Keyv sets the adapter's namespace) over one shared Cache, so the
// namespace tests really share data.
import * as test from 'vitest';
import Keyv from 'keyv';
import keyvTestSuite, { keyvIteratorTests } from '@keyv/test-suite';
import { Cache } from '../../src/index.js';
import { CortadoStore } from '../../src/adapters/keyv.js';

const shared = new Cache<string, unknown>({ maxCost: 10_000 });
const store = () => new CortadoStore(shared);

keyvTestSuite(test, Keyv, store);

// Keyv 5 exposes keyv.iterator() only for adapters on its own list; createKeyv() attaches it.
// This Keyv does the same, so the published iterator tests run against CortadoStore.iterator.
class KeyvWithIterator extends Keyv {
  constructor(options: ConstructorParameters<typeof Keyv>[0]) {
    super(options);
    this.iterator ??= this.generateIterator((this.store as CortadoStore).iterator.bind(this.store));
  }
}
keyvIteratorTests(test, KeyvWithIterator as typeof Keyv, store);
