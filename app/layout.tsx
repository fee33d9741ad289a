import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Providers } from './_components/providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Keel', template: '%s · Keel' },
  description: 'Goals, the few KPIs that matter, and targets agreed by the people who own them.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
