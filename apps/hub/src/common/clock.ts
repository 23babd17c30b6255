import { Injectable } from '@nestjs/common';

/** The hub's clock, injectable so tests can pin time where it matters. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
