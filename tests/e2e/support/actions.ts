/**
 * Counts what a user does: every click, typed entry, key press and choice goes through here,
 * so that a test can hold the ordinary visit to a budget of actions. Typing a whole term
 * into a box is one action, as it is one intention.
 */
import type { Locator, Page } from '@playwright/test';

export class UserActions {
  readonly log: string[] = [];

  constructor(private readonly page: Page) {}

  get count(): number {
    return this.log.length;
  }

  async click(target: Locator): Promise<void> {
    this.log.push(`click ${target}`);
    await target.click();
  }

  async type(target: Locator, text: string): Promise<void> {
    this.log.push(`type "${text}" into ${target}`);
    await target.fill(text);
  }

  async press(key: string): Promise<void> {
    this.log.push(`press ${key}`);
    await this.page.keyboard.press(key);
  }

  async select(target: Locator, label: string): Promise<void> {
    this.log.push(`choose "${label}" in ${target}`);
    await target.selectOption({ label });
  }

  /** Ticks a box; one already ticked (by the screen itself) costs the user nothing. */
  async check(target: Locator): Promise<void> {
    if (await target.isChecked()) return;
    this.log.push(`check ${target}`);
    await target.check();
  }
}
