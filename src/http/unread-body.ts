import type { Request, Response } from 'express';

/**
 * Marks an answer given before the request's body has arrived as the
 * connection's last: otherwise Node reads the unread body to its end (any
 * size) to keep the connection alive, which is the cost a refusal must avoid.
 */
export function closeIfBodyUnread(req: Request, res: Response): void {
  if (!req.complete) res.set('Connection', 'close');
}
