import { buildForTests } from './test-build';

export default function globalSetup(): void {
  buildForTests();
}
